"""The "Test connection" result list of the settings dialog: one row per doctor check.

``check_fields`` reads a ``core.ami.doctor.CheckResult`` (``name``, ``status``
PASS/WARN/FAIL/SKIP, ``detail``, ``fix``), similar objects (``ok``/``message``)
or plain ``(name, ok, message)`` tuples, so the dialog does not depend on one
doctor version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.ui import style

CheckResults = Sequence[Any]


def check_fields(result: Any) -> tuple[str, str, str]:
    """(name, status, message) of a doctor ``CheckResult`` (or a 3-tuple ``(name, ok, message)``).

    ``status`` is ``pass``, ``warn``, ``fail`` or ``skip``; the message includes the fix, if any.
    """
    if isinstance(result, tuple):
        name, ok, message = (*result, "", "", "")[:3]
        return str(name), "pass" if ok else "fail", str(message)
    name = next((getattr(result, a) for a in ("name", "title", "check") if hasattr(result, a)), "")
    if hasattr(result, "status"):
        status = str(getattr(result.status, "value", result.status)).lower()
        status = {"ok": "pass", "passed": "pass", "failed": "fail", "warning": "warn"}.get(
            status, status
        )
    else:
        status = "pass" if getattr(result, "ok", getattr(result, "passed", False)) else "fail"
    parts = [getattr(result, a, None) for a in ("message", "detail", "fix")]
    return str(name), status, "\n".join(str(p) for p in parts if p)


class CheckList(QListWidget):
    """Shows "running…" while the checks run, then each result with its icon."""

    StatusRole = Qt.ItemDataRole.UserRole

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(18, 18))
        self.setWordWrap(True)
        self.setMinimumHeight(120)
        self.hide()

    def show_running(self) -> None:
        self.clear()
        self.addItem(
            QListWidgetItem(style.icon("check-pending"), self.tr("Connecting to the PBX…"))
        )
        self.show()

    def show_results(self, results: CheckResults) -> None:
        verdicts = {
            "pass": (self.tr("PASS"), "check-pass"),
            "warn": (self.tr("WARN"), "warning"),
            "fail": (self.tr("FAIL"), "check-fail"),
            "skip": (self.tr("SKIP"), "check-pending"),
        }
        self.clear()
        for result in results:
            name, status, message = check_fields(result)
            verdict, icon = verdicts.get(status, verdicts["fail"])
            text = f"{verdict}  {name}" + (f"\n{message}" if message else "")
            item = QListWidgetItem(style.icon(icon), text)
            item.setData(self.StatusRole, status)
            self.addItem(item)
        self.show()

    def statuses(self) -> list[str]:
        return [str(self.item(i).data(self.StatusRole)) for i in range(self.count())]
