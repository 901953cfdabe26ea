"""``tr``: translate a literal outside any QObject (module-level code, plain functions).

pyside6-lupdate files a bare ``tr("...")`` call under the context ``""``
wherever it appears, so this looks the text up there. Inside a QObject prefer
``self.tr``; widgets of a named context use ``QCoreApplication.translate``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = ["tr"]


def tr(text: str) -> str:
    """``text`` in the interface language (the catalogue's empty context)."""
    return QCoreApplication.translate("", text) if text else text
