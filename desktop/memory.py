"""Give memory back to the system once a window closed: an idle tray app should stay small.

Closing History (100 000 rows) frees its Python objects, but glibc keeps the
freed heap mapped, so the resident size stays up. ``release_memory`` runs a
full collection, then ``malloc_trim(0)`` where the C library has it (glibc on
Linux); elsewhere only the collection runs. The app calls it once, a moment
after a window is destroyed - never on a timer.
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable

__all__ = ["release_memory"]


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, found on first use (not at start-up), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def release_memory() -> bool:
    """Collect garbage and return free heap pages to the system; True when trimmed."""
    gc.collect()
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
