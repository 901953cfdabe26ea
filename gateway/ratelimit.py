"""Per-method request limits (seed 004: "не более 100 обращений в час").

A sliding window of request times per key; the clock is injected so tests
never sleep. Hand-written (20 lines) rather than a dependency: the gateway
needs one in-process window per method, nothing distributed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """``allow(key)`` -> ``(allowed, retry_after_seconds)`` for ``limits[key]`` per ``window``."""

    def __init__(
        self,
        limits: dict[str, int],
        *,
        default: int = 100,
        window: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limits = dict(limits)
        self.default = default
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}

    def limit(self, key: str) -> int:
        return self.limits.get(key, self.default)

    def allow(self, key: str) -> tuple[bool, float]:
        now = self._clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit(key):
            return False, max(0.0, hits[0] + self.window - now)
        hits.append(now)
        return True, 0.0
