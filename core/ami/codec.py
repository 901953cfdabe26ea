"""AMI wire codec: bytes in, whole messages out; messages in, bytes out.

Pure protocol code in the spirit of h11: no sockets, no asyncio. The framer
buffers raw bytes, cuts them on the blank line that ends every AMI message
(``\\r\\n\\r\\n``) and decodes each *whole* message as UTF-8, so a multibyte
character split across TCP reads arrives intact (panoramisk decodes every
chunk on its own and loses it).

Malformed input never raises: lines without a colon, NUL bytes, undecodable
bytes and oversized messages are counted and skipped. The first one is logged
at once, the rest are summarized at most once a minute
(:class:`MalformedSummary`): 59 MiB of garbage must not become 142 MB of log.
Memory is bounded too: a message over ``max_message`` bytes is dropped, and a
message keeps at most ``max_headers`` header lines (a real one has a few
dozen; a hostile one 60,000).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping

log = logging.getLogger(__name__)

Message = dict[str, str]
"""One AMI message. Repeated keys (``Output:``, ``Variable:``) are joined with ``\\n``."""

BANNER_PREFIX = "Asterisk Call Manager/"
_TERMINATOR = b"\r\n\r\n"
DEFAULT_MAX_MESSAGE = 1 << 20  # 1 MiB: far above any real AMI message
DEFAULT_MAX_HEADERS = 1000  # header lines kept per message (a long ``Command`` output included)


class MalformedSummary:
    """Logs the first malformed input at once, then one summary per :attr:`INTERVAL`."""

    INTERVAL = 60.0
    __slots__ = ("_clock", "_count", "_last_at", "_sample")

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._count = 0
        self._last_at: float | None = None
        self._sample = ""

    def note(self, what: str, sample: str = "") -> None:
        """Count one skipped line/message; log when the interval allows."""
        self._count += 1
        self._sample = sample or what
        now = self._clock()
        if self._last_at is None:
            log.warning("AMI %s skipped: %.80r (further ones are summarized)", what, sample)
        elif now - self._last_at >= self.INTERVAL:
            log.warning(
                "%d malformed AMI lines/messages skipped in the last %.0f s (last: %.80r)",
                self._count, now - self._last_at, self._sample,
            )  # fmt: skip
        else:
            return
        self._last_at = now
        self._count = 0


class AMIFramer:
    """Incremental AMI reader: ``feed(bytes) -> list[Message]``.

    ``expect_banner`` makes the first ``\\r\\n``-terminated line the server
    banner (``Asterisk Call Manager/11.0.0``), stored in :attr:`banner`.
    """

    __slots__ = (
        "_buf", "_expect_banner", "_max", "_max_headers", "_scan_from", "_summary", "banner",
        "skipped",
    )  # fmt: skip

    def __init__(
        self,
        *,
        expect_banner: bool = True,
        max_message: int = DEFAULT_MAX_MESSAGE,
        max_headers: int = DEFAULT_MAX_HEADERS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._buf = bytearray()
        self._expect_banner = expect_banner
        self._max = max_message
        self._max_headers = max_headers
        self._summary = MalformedSummary(clock)
        self._scan_from = 0
        self.banner: str | None = None
        self.skipped = 0  # malformed lines/messages dropped so far

    @property
    def buffered(self) -> int:
        """Bytes received but not yet part of a whole message."""
        return len(self._buf)

    def feed(self, data: bytes) -> list[Message]:
        """Add received bytes; return every message they complete, in order."""
        buf = self._buf
        buf += data
        if self._expect_banner and not self._take_banner():
            return []
        # Every complete message ends before the last terminator; they are decoded
        # together (a terminator is ASCII, so no character straddles the cut).
        end = buf.rfind(_TERMINATOR, max(self._scan_from - 3, 0))
        if end < 0:
            self._limit_partial()
            return []
        block = bytes(buf[:end])
        del buf[: end + 4]
        self._limit_partial()
        if b"\x00" in block:
            return [m for raw in block.split(_TERMINATOR) if raw and (m := self._parse(raw))]
        out: list[Message] = []
        append = out.append
        for text in block.decode("utf-8", "replace").split("\r\n\r\n"):
            if len(text) > self._max:
                self._skip("message over the size limit", text[:80])
                continue
            lines = text.split("\r\n")
            if len(lines) > self._max_headers:
                self._skip(f"message with over {self._max_headers} headers (rest dropped)",
                           lines[0])  # fmt: skip
                del lines[self._max_headers :]
            msg: Message | None
            try:  # fast path: every line is "Key: value", no repeated keys
                msg = dict([line.split(": ", 1) for line in lines])
            except ValueError:
                msg = self._parse_lines(lines)
            else:
                if len(msg) != len(lines) or "" in msg:
                    msg = self._parse_lines(lines)
            if msg:
                append(msg)
        return out

    def _limit_partial(self) -> None:
        """Drop an unterminated message that outgrew ``max_message``."""
        buf = self._buf
        self._scan_from = len(buf)
        if len(buf) > self._max:
            self._skip(f"message over {self._max} bytes without terminator", "")
            buf.clear()
            self._scan_from = 0

    def _take_banner(self) -> bool:
        buf = self._buf
        nl = buf.find(b"\r\n")
        if nl < 0:
            if len(buf) > self._max:
                buf.clear()
                self.skipped += 1
            return False
        line = bytes(buf[:nl]).decode("utf-8", "replace")
        if line.startswith(BANNER_PREFIX) or ":" not in line:
            self.banner = line
            del buf[: nl + 2]
        self._expect_banner = False
        return True

    def _skip(self, what: str, sample: str) -> None:
        self.skipped += 1
        self._summary.note(what, sample)

    def _parse(self, raw: bytes) -> Message | None:
        if len(raw) > self._max:
            self._skip("message over the size limit", "")
            return None
        if b"\x00" in raw:
            self._skip("message with NUL bytes (NULs removed)", "")
            raw = raw.replace(b"\x00", b"")
        lines = raw.decode("utf-8", "replace").split("\r\n")
        if len(lines) > self._max_headers:
            self._skip(f"message with over {self._max_headers} headers (rest dropped)", lines[0])
            del lines[self._max_headers :]
        return self._parse_lines(lines)

    def _parse_lines(self, lines: list[str]) -> Message | None:
        """The careful path: skips malformed lines, joins repeated keys with ``\\n``."""
        msg: Message = {}
        for line in lines:
            key, sep, value = line.partition(":")
            if not sep or not key or " " in key:
                if line.strip():
                    self._skip("line without 'Key: value'", line)
                continue
            if value[:1] == " ":
                value = value[1:]
            if key in msg:
                msg[key] = msg[key] + "\n" + value
            else:
                msg[key] = value
        if not msg:
            return None
        return msg


def encode_action(action: str, fields: Mapping[str, str | Iterable[str]] | None = None) -> bytes:
    """Serialize one action: ``Action: X\\r\\nKey: value\\r\\n...\\r\\n\\r\\n``.

    A field whose value is a list/tuple is repeated (``Variable: a=1`` twice).
    CR/LF inside values would let a value inject headers, so they are refused.
    """
    lines = [f"Action: {action}"]
    for key, value in (fields or {}).items():
        values = [value] if isinstance(value, str) else list(value)
        for v in values:
            v = str(v)
            if "\r" in v or "\n" in v or "\r" in key or "\n" in key:
                raise ValueError(f"AMI field {key!r} contains a line break")
            lines.append(f"{key}: {v}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def encode_message(msg: Mapping[str, str]) -> bytes:
    """Serialize a server-side message (response or event) the way Asterisk does."""
    parts: list[str] = []
    for key, value in msg.items():
        for v in str(value).split("\n"):
            parts.append(f"{key}: {v}")
    return ("\r\n".join(parts) + "\r\n\r\n").encode("utf-8")
