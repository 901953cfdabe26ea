"""Confine every path taken from a request or a link to the recordings root.

A name is rejected when it is empty, absolute (POSIX or Windows style), holds a
NUL byte, a backslash or a ``..`` segment, still contains a ``%`` escape of a
separator, a dot or NUL after the web framework decoded it once (double-encoded
traversal: ``%2e%2e%2f``), or when its resolved form (symlinks followed) leaves
the root. Any other ``%`` is a plain character of a file name (``50%off.wav``).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
_HIDDEN_ESCAPE = re.compile(r"%(?:2e|2f|5c|00)", re.IGNORECASE)


class PathRejected(ValueError):
    """The requested name does not denote a file inside the recordings root."""


def check_relative(name: str) -> PurePosixPath:
    """Validate the syntax of a root-relative name; return it as a pure path."""
    if not name or "\0" in name or "\\" in name or _HIDDEN_ESCAPE.search(name):
        raise PathRejected("bad characters in recording path")
    if name.startswith("/") or _WINDOWS_DRIVE.match(name):
        raise PathRejected("absolute recording path")
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise PathRejected("traversal or empty segment in recording path")
    return PurePosixPath(name)


def confine(root: Path, name: str) -> Path:
    """Return the resolved file for ``name`` under ``root`` or raise ``PathRejected``.

    The file must exist and be a regular file; symlinks are allowed only when
    their target stays inside the root.
    """
    rel = check_relative(name)
    base = root.resolve()
    try:
        target = base.joinpath(*rel.parts).resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError, RuntimeError, OSError) as exc:
        raise PathRejected("no such recording") from exc
    if not target.is_relative_to(base) or target == base:
        raise PathRejected("recording path escapes the root")
    if not target.is_file():
        raise PathRejected("not a file")
    return target


def relative_name(root: Path, path: Path) -> str | None:
    """The root-relative POSIX name of ``path`` or ``None`` when it lies outside the root."""
    base = root.resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return None
