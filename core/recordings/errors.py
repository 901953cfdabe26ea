"""Typed, human-readable errors of recording retrieval.

Each error's ``str()`` is a sentence a supervisor can read in the player; none
carries a signed URL or a credential (query strings are cut before quoting).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def redact(url: str) -> str:
    """``url`` without query string, fragment or user info (signatures live there)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class RecordingError(Exception):
    """Base class: the recording could not be obtained."""

    status: int | None = None


class EmptyRecording(RecordingError):
    """The call was recorded but the file holds no audio (e.g. a missed call)."""


class Unauthorized(RecordingError):
    status = 401


class Forbidden(RecordingError):
    status = 403


class NotFound(RecordingError):
    status = 404


class LinkExpired(RecordingError):
    status = 410


class SourceUnavailable(RecordingError):
    """The server could not be reached or answered with an unexpected status."""


def error_for_status(status: int, url: str) -> RecordingError:
    """The typed error for an HTTP failure status of ``url``."""
    where = redact(url)
    if status == 401:
        return Unauthorized(f"The recording server refused the credentials ({where}).")
    if status == 403:
        return Forbidden(
            f"Access to the recording was denied: the link is invalid or has expired ({where})."
        )
    if status == 404:
        return NotFound(f"The recording was not found on the server ({where}).")
    if status == 410:
        return LinkExpired(f"The recording link has expired or was already used ({where}).")
    err = SourceUnavailable(f"The recording server answered HTTP {status} ({where}).")
    err.status = status
    return err
