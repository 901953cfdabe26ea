"""PBX-side recording service: CDR index, signed links, get_record_local and storage links.

The gateway app mounts it with ``app.include_router(build_router(settings))``.
"""

from gateway.recordings.listens import ListenLog, SqliteListenLog
from gateway.recordings.router import build_router
from gateway.recordings.settings import RecordingSettings

__all__ = ["ListenLog", "RecordingSettings", "SqliteListenLog", "build_router"]
