"""Reading and writing ``settings.json``: validated on load, written atomically, never a secret.

The file lives in ``config_dir()`` (platformdirs; ``RINGSIDE_CONFIG_DIR`` or the
constructor argument override it). Saving writes a temporary file beside it,
fsyncs it and ``os.replace``-s it over the old one, so a crash leaves either
the old or the new file, never half of one; the file is readable by the user
only. A missing file loads as the defaults. Errors name the field and the file.

``save`` refuses settings holding anything named like a secret (see
``model.check_no_secrets``); ``load`` refuses such a file too, so a secret
pasted into it by hand is reported instead of being used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.settings.model import (
    AppSettings,
    PopupSettings,
    Profile,
    SettingsError,
    check_no_secrets,
)
from core.settings.paths import config_dir

FILE_NAME = "settings.json"
FORMAT_VERSION = 1
_NESTED: dict[str, type[PopupSettings]] = {"popup": PopupSettings}


def _build(cls: type[Any], data: Any, where: str) -> Any:
    """Construct settings dataclass ``cls`` from JSON data; unknown keys go to ``extras``."""
    if not isinstance(data, Mapping):
        raise SettingsError(where, f"must be an object (got {type(data).__name__})")
    known = {f.name for f in dataclasses.fields(cls)} - {"extras"}
    kwargs = {k: v for k, v in data.items() if k in known}
    extras = {k: v for k, v in data.items() if k not in known}
    for name, nested in _NESTED.items():
        if name in kwargs and name in known:
            kwargs[name] = _build(nested, kwargs[name], f"{where}.{name}")
    try:
        return cls(**kwargs, extras=extras)
    except SettingsError as exc:
        raise exc.within(where) from None


def settings_from_dict(data: Any) -> AppSettings:
    """``AppSettings`` from the JSON document (validated; errors name the field)."""
    if not isinstance(data, Mapping):
        raise SettingsError("", "the settings file must hold a JSON object")
    check_no_secrets(data)
    raw_profiles = data.get("profiles", [{}])
    if not isinstance(raw_profiles, list):
        raise SettingsError("profiles", "must be a list")
    profiles = tuple(_build(Profile, p, f"profiles[{i}]") for i, p in enumerate(raw_profiles))
    active = data.get("active_profile", profiles[0].name if profiles else "default")
    if not isinstance(active, str):
        raise SettingsError("active_profile", "must be text")
    extras = {k: v for k, v in data.items() if k not in ("profiles", "active_profile", "version")}
    return AppSettings(profiles=profiles, active_profile=active, extras=extras)


def settings_to_dict(settings: AppSettings) -> dict[str, Any]:
    """The JSON document for ``settings``; raises ``SettingsError`` if it would hold a secret."""
    data = {"version": FORMAT_VERSION, **settings.to_dict()}
    check_no_secrets(data)
    return data


class SettingsStore:
    """``settings.json`` in one folder."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = config_dir(directory)

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> AppSettings:
        """The stored settings, or the defaults when there is no file yet."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return AppSettings()
        except (OSError, UnicodeDecodeError) as exc:
            raise SettingsError("", f"cannot read {self.path}: {exc}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SettingsError(
                "",
                f"{self.path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            ) from None
        try:
            return settings_from_dict(data)
        except SettingsError as exc:
            raise SettingsError(exc.field, f"{exc.problem} (in {self.path})") from None

    def save(self, settings: AppSettings) -> None:
        """Write atomically (temporary file + ``os.replace``), readable by the user only."""
        data = settings_to_dict(settings)
        payload = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_directory(self.directory)


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
