"""Incoming-call popup: a frameless, always-on-top card that never steals focus.

One :class:`CallPopup` per call (``desktop.ui.popup_stack.PopupManager`` feeds
it the bridge's call events and CRM cards - immutable snapshots - and stacks
popups in the bottom-right corner). The popup shows the number the moment the
phone rings and fills the customer card whenever the CRM answers; it greys out
and closes when another operator answers, turns into an after-call note form
when this operator answered, and follows transfers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallRinging,
    CallSnapshot,
    CallTransferred,
    Direction,
    Outcome,
)
from core.crm.types import Contact, LookupResult
from desktop.ui.popup_style import contact_html, escape_html, popup_stylesheet

DISPOSITIONS = ("", "Resolved", "Callback needed", "Sale", "Complaint", "Wrong number")


@dataclass(frozen=True, slots=True)
class PopupActions:
    """What the popup's buttons do; plain callables supplied by the app."""

    open_url: Callable[[str], None]
    call_back: Callable[[str], None]
    save_note: Callable[[str, str, str], None]  # call_id, note, disposition
    format_number: Callable[[str], str] = lambda number: number
    copy_text: Callable[[str], None] | None = None


class CallPopup(QWidget):
    """The card for one call. ``state`` is ringing/incall/aftercall/elsewhere/missed/ended."""

    dismissed = Signal(str)  # call_id
    CLOSE_ELSEWHERE_MS = 3000  # answered by someone else / transferred away
    CLOSE_MISSED_MS = 8000

    def __init__(self, extension: str, actions: PopupActions, call: CallSnapshot | None = None) -> None:
        super().__init__(None)
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, True)
        self.setObjectName("CallPopup")
        self.extension = extension
        self.actions = actions
        self.state = "ringing"
        self.card: LookupResult | None = None
        self.contact: Contact | None = None
        self._close_timer = QTimer(self, singleShot=True, timeout=self._auto_close)
        self._build()
        self.call = call or CallSnapshot("", Direction.INBOUND, None, None)
        if call is not None:
            self.bind(call)

    def bind(self, call: CallSnapshot) -> None:
        """(Re)use this popup for ``call``: fresh state, number shown, card pending.

        Popups are pooled by the manager: building one costs ~15 ms of widget and
        stylesheet work, binding one well under 1 ms.
        """
        self._close_timer.stop()
        self.card = None
        self.contact = None
        self.note_frame.hide()
        self.note_edit.clear()
        self.disposition_box.setCurrentIndex(0)
        if not self.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus:
            self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
        self._show_call(call)
        self.set_looking_up()
        self._apply_state("ringing", self._ringing_title(call))

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.frame = QFrame(self, objectName="card")
        outer.addWidget(self.frame)
        box = QVBoxLayout(self.frame)
        box.setContentsMargins(16, 12, 12, 14)
        box.setSpacing(6)
        head = QHBoxLayout()
        self.state_label = QLabel(objectName="state")
        self.close_button = QPushButton("✕", objectName="close", clicked=self.dismiss)
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.setToolTip(QCoreApplication.translate("CallPopup", "Dismiss"))
        head.addWidget(self.state_label, 1)
        head.addWidget(self.close_button)
        box.addLayout(head)
        self.number_label = QLabel(objectName="number")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sub_label = QLabel(objectName="sub")
        self.sub_label.setWordWrap(True)
        box.addWidget(self.number_label)
        box.addWidget(self.sub_label)
        box.addWidget(self._build_card())
        box.addWidget(self._build_note())
        buttons = self._build_buttons()
        box.addLayout(buttons)
        self.setStyleSheet(popup_stylesheet())  # before measuring: padding changes the widths
        self.setFixedWidth(max(440, buttons.sizeHint().width() + 62))

    def _build_card(self) -> QFrame:
        self.card_frame = QFrame(objectName="crm")
        lay = QVBoxLayout(self.card_frame)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(3)
        self.name_label = QLabel(objectName="name")
        self.name_label.setWordWrap(True)
        self.matches_box = QComboBox(objectName="matches")
        self.matches_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches_box.currentIndexChanged.connect(self._on_match_chosen)
        self.details_label = QLabel(objectName="details")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setOpenExternalLinks(False)
        self.details_label.linkActivated.connect(self.actions.open_url)
        self.create_button = QPushButton(QCoreApplication.translate("CallPopup", "Create in CRM"), objectName="link")
        self.create_button.clicked.connect(self._on_create)
        for widget in (self.name_label, self.matches_box, self.details_label, self.create_button):
            lay.addWidget(widget)
        return self.card_frame

    def _build_note(self) -> QFrame:
        self.note_frame = QFrame(objectName="note")
        lay = QVBoxLayout(self.note_frame)
        lay.setContentsMargins(0, 4, 0, 0)
        self.note_edit = QPlainTextEdit(objectName="noteEdit")
        self.note_edit.setPlaceholderText(QCoreApplication.translate("CallPopup", "Note about this call…"))
        self.note_edit.setFixedHeight(64)
        row = QHBoxLayout()
        self.disposition_box = QComboBox(objectName="disposition")
        for code in DISPOSITIONS:
            self.disposition_box.addItem(QCoreApplication.translate("CallPopup", code) if code else QCoreApplication.translate("CallPopup", "Outcome…"), code)
        self.save_button = QPushButton(QCoreApplication.translate("CallPopup", "Save"), objectName="primary", clicked=self._on_save)
        row.addWidget(self.disposition_box, 1)
        row.addWidget(self.save_button)
        lay.addWidget(self.note_edit)
        lay.addLayout(row)
        self.note_frame.hide()
        return self.note_frame

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.open_button = QPushButton(QCoreApplication.translate("CallPopup", "Open in CRM"), objectName="primary")
        self.open_button.clicked.connect(self._on_open)
        self.call_back_button = QPushButton(QCoreApplication.translate("CallPopup", "Call back"), clicked=self._on_call_back)
        self.copy_button = QPushButton(QCoreApplication.translate("CallPopup", "Copy"), clicked=self._on_copy)
        self.copy_button.setToolTip(QCoreApplication.translate("CallPopup", "Copy number"))
        self.dismiss_button = QPushButton(QCoreApplication.translate("CallPopup", "Dismiss"), clicked=self.dismiss)
        for button in (self.open_button, self.call_back_button, self.copy_button, self.dismiss_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(button)
        return row

    # ----------------------------------------------------------------- state
    def _ringing_title(self, call: CallSnapshot) -> str:
        if call.direction is Direction.OUTBOUND or call.originated:
            return QCoreApplication.translate("CallPopup", "Outgoing call — your phone rings first")
        if call.queue:
            return QCoreApplication.translate("CallPopup", "Incoming call · queue {queue}").format(queue=call.queue)
        return QCoreApplication.translate("CallPopup", "Incoming call")

    def _show_call(self, call: CallSnapshot) -> None:
        self.call = call
        number = call.remote_number or QCoreApplication.translate("CallPopup", "Hidden number")
        self.number_label.setText(self.actions.format_number(number) if call.remote_number else number)
        parts = []
        if call.remote_name and call.remote_name != call.remote_number:
            parts.append(call.remote_name)
        if call.did:
            parts.append(QCoreApplication.translate("CallPopup", "to {did}").format(did=self.actions.format_number(call.did)))
        self.sub_label.setText(" · ".join(parts))
        self.sub_label.setVisible(bool(parts))
        self.call_back_button.setEnabled(bool(call.remote_number))
        self.copy_button.setEnabled(bool(call.remote_number))

    def _apply_state(self, state: str, title: str) -> None:
        self.state = state
        self.state_label.setText(title.upper())
        if self.frame.property("state") == state:
            return
        self.frame.setProperty("state", state)
        self.state_label.setProperty("state", state)
        for widget in (self.frame, self.state_label):  # re-apply the state's colours (no re-parse)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def set_looking_up(self) -> None:
        self.name_label.setText(QCoreApplication.translate("CallPopup", "Looking up the customer…"))
        if self.name_label.property("muted") is not True:
            self.name_label.setProperty("muted", True)
            self._repolish(self.name_label)
        self.details_label.hide()
        self.matches_box.hide()
        self.create_button.hide()
        self.open_button.setEnabled(False)

    def set_card(self, result: LookupResult) -> None:
        """Fill the customer card from a lookup result (found, several, unknown or failed)."""
        self.card = result
        self.name_label.setProperty("muted", False)
        self.matches_box.hide()
        self.create_button.hide()
        if result.found:
            if len(result.matches) > 1:
                self._offer_matches(result)
            self._show_contact(result.matches[0].contact)
        elif result.error:
            self._show_message(QCoreApplication.translate("CallPopup", "Card unavailable"), result.error)
        else:
            self._show_message(QCoreApplication.translate("CallPopup", "Unknown number"), QCoreApplication.translate("CallPopup", "This number is not in the CRM yet."))
            self.create_button.setVisible(bool(result.create_url))
        self._repolish(self.name_label)
        self.adjustSize()

    def _offer_matches(self, result: LookupResult) -> None:
        self.matches_box.blockSignals(True)
        self.matches_box.clear()
        for match in result.matches:
            label = match.contact.name + (f" — {match.contact.company}" if match.contact.company else "")
            self.matches_box.addItem(label)
        self.matches_box.blockSignals(False)
        self.matches_box.show()
        self.name_label.setText(QCoreApplication.translate("CallPopup", "{n} customers match this number").format(n=len(result.matches)))

    def _show_message(self, title: str, text: str) -> None:
        self.contact = None
        self.name_label.setText(title)
        self.name_label.setProperty("muted", True)
        self.details_label.setText(escape_html(text))
        self.details_label.show()
        self.open_button.setEnabled(False)

    def _show_contact(self, contact: Contact) -> None:
        self.contact = contact
        if not self.matches_box.isVisible():
            self.name_label.setText(contact.name)
        self.details_label.setText(contact_html(contact))
        self.details_label.show()
        self.open_button.setEnabled(bool(contact.open_url))

    def _on_match_chosen(self, index: int) -> None:
        if self.card is not None and 0 <= index < len(self.card.matches):
            self._show_contact(self.card.matches[index].contact)

    def on_event(self, event: CallEvent) -> None:
        """Follow the call: answered here or elsewhere, transferred, ended."""
        self._show_call(event.call)
        if isinstance(event, CallRinging):
            self._close_timer.stop()
            self._apply_state("ringing", self._ringing_title(event.call))
        elif isinstance(event, CallAnswered):
            self._on_answered(event)
        elif isinstance(event, CallTransferred):
            who = event.to or "?"
            self._apply_state("elsewhere", QCoreApplication.translate("CallPopup", "Transferred to {ext}").format(ext=who))
            self._close_later(self.CLOSE_ELSEWHERE_MS)
        elif isinstance(event, CallEnded):
            self._on_ended(event)

    def _on_answered(self, event: CallAnswered) -> None:
        if event.by in (None, self.extension):
            self._apply_state("incall", QCoreApplication.translate("CallPopup", "In call"))
            self._allow_typing()
            self.note_frame.show()
            self.adjustSize()
        else:
            self._apply_state("elsewhere", QCoreApplication.translate("CallPopup", "Answered by {ext}").format(ext=event.by))
            self._close_later(self.CLOSE_ELSEWHERE_MS)

    def _on_ended(self, event: CallEnded) -> None:
        outcome = event.outcome
        if outcome is Outcome.ANSWERED:
            self._apply_state("aftercall", QCoreApplication.translate("CallPopup", "Call ended — add a note"))
            self.note_frame.show()
            self._allow_typing()
            self.adjustSize()
            return
        titles = {
            Outcome.MISSED: QCoreApplication.translate("CallPopup", "Missed call"),
            Outcome.BUSY: QCoreApplication.translate("CallPopup", "Rejected"),
            Outcome.ABANDONED: QCoreApplication.translate("CallPopup", "Caller hung up"),
            Outcome.FAILED: QCoreApplication.translate("CallPopup", "Call failed"),
            Outcome.ANSWERED_ELSEWHERE: QCoreApplication.translate("CallPopup", "Answered elsewhere"),
            Outcome.TRANSFERRED_AWAY: QCoreApplication.translate("CallPopup", "Transferred"),
        }
        state = "missed" if outcome in (Outcome.MISSED, Outcome.ABANDONED) else "elsewhere"
        if self.state == "elsewhere" and outcome is Outcome.ANSWERED_ELSEWHERE:
            return  # keep "Answered by 102"
        self._apply_state(state, titles.get(outcome, QCoreApplication.translate("CallPopup", "Call ended")))
        self._close_later(self.CLOSE_MISSED_MS if state == "missed" else self.CLOSE_ELSEWHERE_MS)

    def _allow_typing(self) -> None:
        """The note needs the keyboard: drop 'does not accept focus' (still shown without activating)."""
        if self.testAttribute(Qt.WidgetAttribute.WA_WState_Visible):
            pos = self.pos()
            self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, False)
            self.move(pos)
            self.show()
        else:
            self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, False)

    def _close_later(self, ms: int) -> None:
        self.note_frame.hide()
        self._close_timer.start(ms)

    def _auto_close(self) -> None:
        self.dismiss()

    # --------------------------------------------------------------- buttons
    def _on_open(self) -> None:
        if self.contact is not None and self.contact.open_url:
            self.actions.open_url(self.contact.open_url)

    def _on_create(self) -> None:
        if self.card is not None and self.card.create_url:
            self.actions.open_url(self.card.create_url)

    def _on_call_back(self) -> None:
        if self.call.remote_number:
            self.actions.call_back(self.call.remote_number)

    def _on_copy(self) -> None:
        number = self.call.remote_number or ""
        if self.actions.copy_text is not None:
            self.actions.copy_text(number)
        else:
            QGuiApplication.clipboard().setText(number)

    def _on_save(self) -> None:
        note = self.note_edit.toPlainText().strip()
        disposition = str(self.disposition_box.currentData() or "")
        self.actions.save_note(self.call.call_id, note, disposition)
        self.dismiss()

    def dismiss(self) -> None:
        self._close_timer.stop()
        self.hide()
        self.dismissed.emit(self.call.call_id)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
