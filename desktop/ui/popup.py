"""Incoming-call popup: a frameless, always-on-top card that never steals focus.

One :class:`CallPopup` per call (``desktop.ui.popup_stack.PopupManager`` feeds
it the bridge's call events and CRM cards - immutable snapshots - and stacks
popups in the bottom-right corner). The popup shows the number the moment the
phone rings and fills the customer card whenever the CRM answers; it greys out
and closes when another operator answers, turns into an after-call note form
when this operator answered, and follows transfers.

A card that is not *certain* (matched on the last digits only, or several
customers share the number) is shown as a possible match: the operator
confirms it ("This is the caller") or ignores it; only a confirmed or certain
card goes into history as the caller's name. While the call is up the popup
shows a talk timer (from the PBX's own answer time, ticking once a second) and
hang up / transfer / hold buttons.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QMetaMethod, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPainterPath, QRegion
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
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
from desktop.ui.popup_style import (
    compositing_available,
    contact_html,
    escape_html,
    format_talk_time,
    popup_stylesheet,
)

DISPOSITIONS = ("Resolved", "Callback needed", "Sale", "Complaint", "Wrong number")
RADIUS = 14


@dataclass(frozen=True, slots=True)
class PopupActions:
    """What the popup's buttons do; plain callables supplied by the app."""

    open_url: Callable[[str], None]
    call_back: Callable[[str], None]
    save_note: Callable[[str, str, str], None]  # call_id, note, disposition
    format_number: Callable[[str], str] = lambda number: number
    copy_text: Callable[[str], None] | None = None
    confirm_contact: Callable[[str, str], object] | None = None  # call_id, contact_id
    hangup: Callable[[str], object] | None = None  # call_id
    transfer: Callable[[str, str, bool], object] | None = None  # call_id, target, attended
    hold: Callable[[str], object] | None = None  # call_id; None: the PBX offers no hold
    add_contact: Callable[[str], object] | None = None  # number (the shell's address book)


class CallPopup(QWidget):
    """The card for one call. ``state`` is ringing/incall/aftercall/elsewhere/missed/ended."""

    dismissed = Signal(str)  # call_id
    add_contact_requested = Signal(str)  # number (also ``actions.add_contact`` when given)
    contact_confirmed = Signal(str, str)  # call_id, contact_id
    CLOSE_ELSEWHERE_MS = 3000  # answered by someone else / transferred away
    CLOSE_MISSED_MS = 8000

    def __init__(
        self, extension: str, actions: PopupActions, call: CallSnapshot | None = None
    ) -> None:
        super().__init__(None)
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        # rounded corners: transparent where a compositor blends them, else a window shape
        # (translucency without a compositor paints the corners black)
        self.translucent = compositing_available()
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, self.translucent)
        self.setObjectName("CallPopup")
        self.extension = extension
        self.actions = actions
        self.state = "ringing"
        self.card: LookupResult | None = None
        self.contact: Contact | None = None
        self.confirmed = False  # the operator decided on a possible match (confirmed or ignored)
        self._chosen: str | None = None  # the contact id the operator confirmed
        self._close_timer = QTimer(self, singleShot=True, timeout=self._auto_close)
        self._talk_timer = QTimer(self, interval=1000, timeout=self._show_talk_time)
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
        self._talk_timer.stop()
        self.card = None
        self.contact = None
        self.confirmed = False
        self._chosen = None
        self.note_frame.hide()
        self.note_edit.clear()
        self.disposition_box.setCurrentIndex(-1)
        self.controls.hide()
        self.transfer_row.hide()
        self.transfer_edit.clear()
        self.timer_label.clear()
        self._say("")
        if not self.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus:
            self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
        self._show_call(call)
        self.set_looking_up()
        self._apply_state("ringing", self._ringing_title(call))

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        margin = 8 if self.translucent else 0
        outer.setContentsMargins(margin, margin, margin, margin)
        self.frame = QFrame(self, objectName="card")
        outer.addWidget(self.frame)
        box = QVBoxLayout(self.frame)
        box.setContentsMargins(16, 12, 12, 14)
        box.setSpacing(6)
        head = QHBoxLayout()
        self.state_label = QLabel(objectName="state")
        self.state_label.setWordWrap(True)  # "call ended — add a note · queue support" may wrap
        self.timer_label = QLabel(objectName="timer")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.timer_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.close_button = QPushButton("✕", objectName="close", clicked=self.dismiss)
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        head.addWidget(self.state_label, 1)
        head.addWidget(self.timer_label)
        head.addWidget(self.close_button)
        box.addLayout(head)
        self.number_label = QLabel(objectName="number")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sub_label = QLabel(objectName="sub")
        self.sub_label.setWordWrap(True)
        box.addWidget(self.number_label)
        box.addWidget(self.sub_label)
        box.addWidget(self._build_card())
        box.addWidget(self._build_controls())
        self.message_label = QLabel(objectName="message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        box.addWidget(self.message_label)
        box.addWidget(self._build_note())
        buttons = self._build_buttons()
        box.addLayout(buttons)
        self._retranslate()
        self.setStyleSheet(popup_stylesheet())  # before measuring: padding changes the widths
        self.setFixedWidth(max(440, buttons.sizeHint().width() + 62))  # with every button shown
        self.open_button.hide()  # shown only when the CRM has a page for the card

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
        self.create_button = QPushButton(objectName="link")
        self.create_button.clicked.connect(self._on_create)
        self.add_contact_button = QPushButton(objectName="link")
        self.add_contact_button.clicked.connect(self._on_add_contact)
        self.confirm_row = QWidget()
        confirm = QHBoxLayout(self.confirm_row)
        confirm.setContentsMargins(0, 4, 0, 0)
        self.confirm_button = QPushButton(objectName="confirm", clicked=self._on_confirm)
        self.ignore_button = QPushButton(clicked=self._on_ignore)
        for button in (self.confirm_button, self.ignore_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            confirm.addWidget(button)
        confirm.addStretch(1)
        self.confirm_row.hide()
        for widget in (
            self.name_label, self.matches_box, self.details_label, self.confirm_row,
            self.create_button, self.add_contact_button,
        ):  # fmt: skip
            lay.addWidget(widget)
        return self.card_frame

    def _build_controls(self) -> QWidget:
        """Hang up / transfer / hold while the call is up; the transfer target row under them."""
        self.controls = QWidget(objectName="controls")
        lay = QVBoxLayout(self.controls)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.hangup_button = QPushButton(objectName="danger", clicked=self._on_hangup)
        self.transfer_button = QPushButton(clicked=self._on_transfer_clicked)
        self.hold_button = QPushButton(clicked=self._on_hold)
        for button in (self.hangup_button, self.transfer_button, self.hold_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        self.transfer_row = QWidget()
        transfer = QHBoxLayout(self.transfer_row)
        transfer.setContentsMargins(0, 0, 0, 0)
        self.transfer_edit = QLineEdit(objectName="transferTarget")
        self.transfer_edit.returnPressed.connect(lambda: self._on_transfer(False))
        self.blind_button = QPushButton(clicked=lambda: self._on_transfer(False))
        self.attended_button = QPushButton(clicked=lambda: self._on_transfer(True))
        transfer.addWidget(self.transfer_edit, 1)
        transfer.addWidget(self.blind_button)
        transfer.addWidget(self.attended_button)
        self.transfer_row.hide()
        lay.addWidget(self.transfer_row)
        self.controls.hide()
        return self.controls

    def _build_note(self) -> QFrame:
        self.note_frame = QFrame(objectName="note")
        lay = QVBoxLayout(self.note_frame)
        lay.setContentsMargins(0, 4, 0, 0)
        self.note_edit = QPlainTextEdit(objectName="noteEdit")
        self.note_edit.setFixedHeight(64)
        row = QHBoxLayout()
        self.disposition_box = QComboBox(objectName="disposition")
        for code in DISPOSITIONS:
            self.disposition_box.addItem(code, code)
        self.disposition_box.setCurrentIndex(-1)  # no blank entry: a placeholder until chosen
        self.save_button = QPushButton(objectName="primary", clicked=self._on_save)
        row.addWidget(self.disposition_box, 1)
        row.addWidget(self.save_button)
        lay.addWidget(self.note_edit)
        lay.addLayout(row)
        self.note_frame.hide()
        return self.note_frame

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.open_button = QPushButton(objectName="primary")
        self.open_button.clicked.connect(self._on_open)
        self.call_back_button = QPushButton(clicked=self._on_call_back)
        self.copy_button = QPushButton(clicked=self._on_copy)
        self.dismiss_button = QPushButton(clicked=self.dismiss)
        for button in (
            self.open_button,
            self.call_back_button,
            self.copy_button,
            self.dismiss_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            row.addWidget(button)
        return row

    def _retranslate(self) -> None:
        """Every fixed text (again after a language change)."""
        self.close_button.setToolTip(QCoreApplication.translate("CallPopup", "Dismiss"))
        self.create_button.setText(QCoreApplication.translate("CallPopup", "Create in CRM"))
        self.add_contact_button.setText(QCoreApplication.translate("CallPopup", "Add contact"))
        self.confirm_button.setText(QCoreApplication.translate("CallPopup", "This is the caller"))
        self.ignore_button.setText(QCoreApplication.translate("CallPopup", "Ignore"))
        self.hangup_button.setText(QCoreApplication.translate("CallPopup", "Hang up"))
        self.transfer_button.setText(QCoreApplication.translate("CallPopup", "Transfer…"))
        self.hold_button.setText(QCoreApplication.translate("CallPopup", "Hold"))
        self.transfer_edit.setPlaceholderText(
            QCoreApplication.translate("CallPopup", "Extension or number")
        )
        self.blind_button.setText(QCoreApplication.translate("CallPopup", "Blind"))
        self.blind_button.setToolTip(
            QCoreApplication.translate("CallPopup", "Send the caller on now")
        )
        self.attended_button.setText(QCoreApplication.translate("CallPopup", "Attended"))
        self.attended_button.setToolTip(
            QCoreApplication.translate("CallPopup", "Talk to the colleague first, then hand over")
        )
        self.note_edit.setPlaceholderText(
            QCoreApplication.translate("CallPopup", "Note about this call…")
        )
        self.disposition_box.setPlaceholderText(QCoreApplication.translate("CallPopup", "Outcome…"))
        for index, code in enumerate(DISPOSITIONS):
            self.disposition_box.setItemText(index, QCoreApplication.translate("CallPopup", code))
        self.save_button.setText(QCoreApplication.translate("CallPopup", "Save"))
        self.open_button.setText(QCoreApplication.translate("CallPopup", "Open in CRM"))
        self.call_back_button.setText(QCoreApplication.translate("CallPopup", "Call back"))
        self.copy_button.setText(QCoreApplication.translate("CallPopup", "Copy"))
        self.copy_button.setToolTip(QCoreApplication.translate("CallPopup", "Copy number"))
        self.dismiss_button.setText(QCoreApplication.translate("CallPopup", "Dismiss"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            if self.card is not None:
                self.set_card(self.card)
        super().changeEvent(event)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if not self.translucent:  # no compositor: cut the rounded corners out of the window
            path = QPainterPath()
            path.addRoundedRect(self.rect().toRectF(), RADIUS, RADIUS)
            self.setMask(QRegion(path.toFillPolygon().toPolygon()))

    # ----------------------------------------------------------------- state
    def _ringing_title(self, call: CallSnapshot) -> str:
        if call.direction is Direction.OUTBOUND or call.originated:
            return QCoreApplication.translate("CallPopup", "Outgoing call — your phone rings first")
        if call.queue:
            return QCoreApplication.translate("CallPopup", "Incoming call · queue {queue}").format(
                queue=call.queue
            )
        return QCoreApplication.translate("CallPopup", "Incoming call")

    def _with_queue(self, title: str) -> str:
        """Keep the queue the call came through in the title after it was answered."""
        if not self.call.queue:
            return title
        queue = QCoreApplication.translate("CallPopup", "queue {queue}").format(
            queue=self.call.queue
        )
        return f"{title} · {queue}"

    def _show_call(self, call: CallSnapshot) -> None:
        self.call = call
        number = call.remote_number or QCoreApplication.translate("CallPopup", "Hidden number")
        self.number_label.setText(
            self.actions.format_number(number) if call.remote_number else number
        )
        parts = []
        if call.remote_name and call.remote_name != call.remote_number:
            parts.append(call.remote_name)
        if call.did:
            parts.append(
                QCoreApplication.translate("CallPopup", "to {did}").format(
                    did=self.actions.format_number(call.did)
                )
            )
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
        self._set_name_look(muted=True)
        self.details_label.hide()
        self.matches_box.hide()
        self.create_button.hide()
        self.add_contact_button.hide()
        self.confirm_row.hide()
        self.open_button.hide()

    def _set_name_look(self, *, muted: bool = False, possible: bool = False) -> None:
        if (
            self.name_label.property("muted") is muted
            and self.name_label.property("possible") is possible
        ):
            return
        self.name_label.setProperty("muted", muted)
        self.name_label.setProperty("possible", possible)
        self._repolish(self.name_label)

    def set_card(self, result: LookupResult) -> None:
        """Fill the customer card from a lookup result (certain, possible, unknown or failed)."""
        if (
            self._chosen is not None
            and result.confirmed_id is None
            and result.contact(self._chosen)
        ):
            result = result.confirm(self._chosen)  # the operator already chose: keep the choice
        self.card = result
        self.matches_box.hide()
        self.create_button.hide()
        self.add_contact_button.hide()
        self.confirm_row.hide()
        confirmed = result.confirmed_contact
        if confirmed is not None:
            self.confirmed = self.confirmed or result.confirmed_id is not None
            self._set_name_look()
            self._show_contact(confirmed)
        elif result.found and not self.confirmed:
            self._offer_matches(result)
        elif result.error:
            self._show_message(
                QCoreApplication.translate("CallPopup", "Card unavailable"), result.error
            )
        else:
            self._show_unknown(result)
        self._fit()

    def _show_unknown(self, result: LookupResult) -> None:
        self._show_message(
            QCoreApplication.translate("CallPopup", "Unknown number"),
            QCoreApplication.translate("CallPopup", "This number is not in the CRM yet."),
        )
        self.create_button.setVisible(bool(result.create_url))
        can_add = self.actions.add_contact is not None or self._listens_for_add_contact()
        self.add_contact_button.setVisible(
            bool(self.call.remote_number) and not result.create_url and can_add
        )

    def _offer_matches(self, result: LookupResult) -> None:
        """Not certain: show the best guess as a *possible* match, to confirm or ignore."""
        self.matches_box.blockSignals(True)
        self.matches_box.clear()
        for match in result.matches:
            label = match.contact.name + (
                f" — {match.contact.company}" if match.contact.company else ""
            )
            self.matches_box.addItem(label, match.contact.id)
        self.matches_box.setCurrentIndex(0)
        self.matches_box.blockSignals(False)
        self.matches_box.setVisible(len(result.matches) > 1)
        self._set_name_look(possible=True)
        self.confirm_row.show()
        self._show_contact(result.matches[0].contact)

    def _possible_title(self, contact: Contact) -> str:
        assert self.card is not None
        if len(self.card.matches) > 1:
            return QCoreApplication.translate(
                "CallPopup", "{n} customers may match this number: choose or ignore"
            ).format(n=len(self.card.matches))
        return QCoreApplication.translate(
            "CallPopup", "Possible match: {name}, choose or ignore"
        ).format(name=contact.name)

    def _show_message(self, title: str, text: str) -> None:
        self.contact = None
        self.name_label.setText(title)
        self._set_name_look(muted=True)
        self.details_label.setText(escape_html(text))
        self.details_label.show()
        self.open_button.hide()

    def _show_contact(self, contact: Contact) -> None:
        self.contact = contact
        possible = self.confirm_row.isVisibleTo(self)
        self.name_label.setText(self._possible_title(contact) if possible else contact.name)
        self.details_label.setText(contact_html(contact))
        self.details_label.show()
        self.open_button.setVisible(bool(contact.open_url))

    def _on_match_chosen(self, index: int) -> None:
        if self.card is not None and 0 <= index < len(self.card.matches):
            self._show_contact(self.card.matches[index].contact)

    def _on_confirm(self) -> None:
        """The operator says the shown contact is the caller: it may now go into history."""
        if self.card is None or self.contact is None:
            return
        contact = self.contact
        self.confirmed = True
        self._chosen = contact.id
        self.card = self.card.confirm(contact.id)
        self.confirm_row.hide()
        self.matches_box.hide()
        self._set_name_look()
        self._show_contact(contact)
        self.contact_confirmed.emit(self.call.call_id, contact.id)
        if self.actions.confirm_contact is not None:
            self.actions.confirm_contact(self.call.call_id, contact.id)
        self._fit()

    def _on_ignore(self) -> None:
        """Not this customer: the call stays an unknown number (nothing goes into history)."""
        if self.card is None:
            return
        self.confirmed = True  # decided: a re-delivered card does not ask again
        self.confirm_row.hide()
        self.matches_box.hide()
        self._show_unknown(self.card)
        self._fit()

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
            self._stop_call_controls()
            title = self._parked_title(event.call) or QCoreApplication.translate(
                "CallPopup", "Transferred to {ext}"
            ).format(ext=who)
            self._apply_state("elsewhere", title)
            self._close_later(self.CLOSE_ELSEWHERE_MS)
        elif isinstance(event, CallEnded):
            self._on_ended(event)

    def _on_answered(self, event: CallAnswered) -> None:
        if event.by in (None, self.extension):
            self._apply_state(
                "incall", self._with_queue(QCoreApplication.translate("CallPopup", "In call"))
            )
            self._allow_typing()
            self.note_frame.show()
            self.controls.show()
            self._show_talk_time()
            self._talk_timer.start()
            self._fit()
        else:
            title = QCoreApplication.translate("CallPopup", "Answered by {ext}").format(
                ext=event.by
            )
            self._apply_state("elsewhere", self._with_queue(title))
            self._close_later(self.CLOSE_ELSEWHERE_MS)

    def _on_ended(self, event: CallEnded) -> None:
        outcome = event.outcome
        self._stop_call_controls()
        if outcome is Outcome.ANSWERED:
            title = QCoreApplication.translate("CallPopup", "Call ended — add a note")
            self._apply_state("aftercall", self._with_queue(title))
            self._show_talk_time()
            self.note_frame.show()
            self._allow_typing()
            self._fit()
            return
        titles = {
            Outcome.MISSED: QCoreApplication.translate("CallPopup", "Missed call"),
            Outcome.BUSY: QCoreApplication.translate("CallPopup", "Rejected"),
            Outcome.ABANDONED: QCoreApplication.translate("CallPopup", "Caller hung up"),
            Outcome.FAILED: QCoreApplication.translate("CallPopup", "Call failed"),
            Outcome.ANSWERED_ELSEWHERE: QCoreApplication.translate(
                "CallPopup", "Answered elsewhere"
            ),
            Outcome.TRANSFERRED_AWAY: QCoreApplication.translate("CallPopup", "Transferred"),
        }
        state = "missed" if outcome in (Outcome.MISSED, Outcome.ABANDONED) else "elsewhere"
        call = event.call
        title = titles.get(outcome, QCoreApplication.translate("CallPopup", "Call ended"))
        if outcome is Outcome.TRANSFERRED_AWAY:
            title = self._parked_title(call) or title
        if outcome is Outcome.MISSED and call.voicemail_left:
            title = QCoreApplication.translate("CallPopup", "Missed call — left a voicemail")
        if call.forwarded_to:
            forwarded = QCoreApplication.translate("CallPopup", "forwarded to {number}")
            title = f"{title} · {forwarded.format(number=self.actions.format_number(call.forwarded_to))}"
        elif self.state == "elsewhere" and outcome is Outcome.ANSWERED_ELSEWHERE:
            return  # keep "Answered by 102 · queue support"
        self._apply_state(state, title)
        self._close_later(self.CLOSE_MISSED_MS if state == "missed" else self.CLOSE_ELSEWHERE_MS)

    def _parked_title(self, call: CallSnapshot) -> str | None:
        """The title "Parked in 71" on the card of the operator who parked the call."""
        parking = call.parking
        if parking is None or parking.by not in (None, self.extension):
            return None
        return QCoreApplication.translate("CallPopup", "Parked in {space}").format(
            space=parking.space
        )

    def _stop_call_controls(self) -> None:
        self._talk_timer.stop()
        self.controls.hide()
        self.transfer_row.hide()

    def talk_seconds(self, now: float | None = None) -> int:
        """Seconds talked so far (the PBX's answer time; final once the call ended)."""
        call = self.call
        if call.answered_at is None:
            return 0
        end = call.ended_at if call.ended_at is not None else (time.time() if now is None else now)
        return max(0, int(end - call.answered_at))

    def _show_talk_time(self) -> None:
        if self.call.answered_at is None:
            self.timer_label.clear()
            return
        self.timer_label.setText(format_talk_time(self.talk_seconds()))

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
        self._fit()  # the controls and the note left: no empty band under the card
        self._close_timer.start(ms)

    def _auto_close(self) -> None:
        self.dismiss()

    def _say(self, text: str) -> None:
        """A short line under the controls (a command's answer, e.g. why hold is not there)."""
        shown = self.message_label.isVisibleTo(self)
        self.message_label.setText(text)
        if shown != bool(text):
            self.message_label.setVisible(bool(text))
            self._fit()

    # --------------------------------------------------------------- buttons
    def _on_open(self) -> None:
        if self.contact is not None and self.contact.open_url:
            self.actions.open_url(self.contact.open_url)

    def _on_create(self) -> None:
        if self.card is not None and self.card.create_url:
            self.actions.open_url(self.card.create_url)

    def _listens_for_add_contact(self) -> bool:
        signal = QMetaMethod.fromSignal(self.add_contact_requested)
        return self.isSignalConnected(signal)

    def _on_add_contact(self) -> None:
        number = self.call.remote_number or ""
        if not number:
            return
        self.add_contact_requested.emit(number)
        if self.actions.add_contact is not None:
            self.actions.add_contact(number)

    def _on_call_back(self) -> None:
        if self.call.remote_number:
            self.actions.call_back(self.call.remote_number)

    def _on_copy(self) -> None:
        number = self.call.remote_number or ""
        if self.actions.copy_text is not None:
            self.actions.copy_text(number)
        else:
            QGuiApplication.clipboard().setText(number)

    def _on_hangup(self) -> None:
        if self.actions.hangup is None:
            self._say(
                QCoreApplication.translate(
                    "CallPopup", "Hang up on your phone: this connection cannot."
                )
            )
            return
        self._say(QCoreApplication.translate("CallPopup", "Hanging up…"))
        self._watch(self.actions.hangup(self.call.call_id))

    def _on_transfer_clicked(self) -> None:
        showing = not self.transfer_row.isVisibleTo(self)
        self.transfer_row.setVisible(showing)
        if showing:
            self._allow_typing()
            self.transfer_edit.setFocus()
        self._fit()

    def _on_transfer(self, attended: bool) -> None:
        target = self.transfer_edit.text().strip()
        if not target:
            self._say(
                QCoreApplication.translate(
                    "CallPopup", "Type the extension or number to transfer to."
                )
            )
            return
        if self.actions.transfer is None:
            self._say(
                QCoreApplication.translate(
                    "CallPopup", "Transfer on your phone: this connection cannot."
                )
            )
            return
        pending = self.actions.transfer(self.call.call_id, target, attended)
        text = (
            QCoreApplication.translate("CallPopup", "Calling {target} first; the caller waits…")
            if attended
            else QCoreApplication.translate("CallPopup", "Transferring to {target}…")
        )
        self.transfer_row.hide()
        self._say(text.format(target=target))
        self._watch(pending)

    def _on_hold(self) -> None:
        if self.actions.hold is None:
            self._say(QCoreApplication.translate(
                "CallPopup",
                "Hold is not supported by your PBX through Ringside: use the Hold key on your phone.",
            ))  # fmt: skip
            return
        self._watch(self.actions.hold(self.call.call_id))

    def _watch(self, pending: object) -> None:
        """A command's task: when the PBX refuses, say why in the popup (the tray says it too)."""
        if not isinstance(pending, asyncio.Future):
            return
        call_id = self.call.call_id

        def done(task: asyncio.Future[object]) -> None:
            if task.cancelled() or task.exception() is None or self.call.call_id != call_id:
                return
            self._say(str(task.exception()))

        pending.add_done_callback(done)

    def _on_save(self) -> None:
        note = self.note_edit.toPlainText().strip()
        disposition = str(self.disposition_box.currentData() or "")
        self.actions.save_note(self.call.call_id, note, disposition)
        self.dismiss()

    def dismiss(self) -> None:
        self._close_timer.stop()
        self._talk_timer.stop()
        self.hide()
        self.dismissed.emit(self.call.call_id)

    def _fit(self) -> None:
        """Shrink or grow to the content now (rows were shown or hidden, a title wrapped)."""
        for layout in (self.frame.layout(), self.layout()):
            layout.invalidate()
            layout.activate()
        self.adjustSize()

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
