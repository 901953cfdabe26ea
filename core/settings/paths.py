"""Where Ringside keeps its files: the config folder (settings) and the data folder (databases).

Per-user folders from ``platformdirs`` (``~/.config/ringside``,
``%APPDATA%\\ringside``...), overridable by ``RINGSIDE_CONFIG_DIR`` /
``RINGSIDE_DATA_DIR`` (tests, portable installs) and by an explicit argument.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ringside"
CONFIG_ENV = "RINGSIDE_CONFIG_DIR"
DATA_ENV = "RINGSIDE_DATA_DIR"


def config_dir(override: str | Path | None = None) -> Path:
    """The settings folder: ``override``, else ``$RINGSIDE_CONFIG_DIR``, else the user's config dir."""
    if override is not None:
        return Path(override)
    env = os.environ.get(CONFIG_ENV)
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder (history, outbox, caches): like ``config_dir`` with ``RINGSIDE_DATA_DIR``."""
    if override is not None:
        return Path(override)
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
