"""Look of the call popup and the tray fallback window: colours per call state, stylesheet.

Also home of the ``tr`` adapter used by the popup and the tray: Qt's installed
catalogue first (see desktop.i18n), then a built-in Russian table.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from core.crm.types import Contact

CONTEXT = "CallPopup"


def tr(text: str, context: str = CONTEXT) -> str:
    """Translate ``text`` with the installed Qt catalogue (desktop.i18n), else our Russian table.

    Adapter: resources/translations belongs to the windows helper; until the
    popup/tray strings are in ringside_ru.ts, :data:`RU` keeps them Russian.
    """
    if not text:
        return text
    translated = QCoreApplication.translate(context, text)
    if translated != text:
        return translated
    if QLocale().language() == QLocale.Language.Russian:
        return RU.get(text, text)
    return text


RU = {
    "Dismiss": "Закрыть",
    "Create in CRM": "Создать в CRM",
    "Note about this call…": "Заметка о звонке…",
    "Outcome…": "Итог…",
    "Resolved": "Вопрос решён",
    "Callback needed": "Нужно перезвонить",
    "Sale": "Продажа",
    "Complaint": "Жалоба",
    "Wrong number": "Ошибся номером",
    "Save": "Сохранить",
    "Open in CRM": "Открыть в CRM",
    "Call back": "Перезвонить",
    "Copy": "Копировать",
    "Copy number": "Скопировать номер",
    "Outgoing call — your phone rings first": "Исходящий — сначала зазвонит ваш телефон",
    "Incoming call · queue {queue}": "Входящий · очередь {queue}",
    "Incoming call": "Входящий звонок",
    "Hidden number": "Номер скрыт",
    "to {did}": "на {did}",
    "Looking up the customer…": "Ищем клиента…",
    "Card unavailable": "Карточка недоступна",
    "Unknown number": "Неизвестный номер",
    "This number is not in the CRM yet.": "Этого номера ещё нет в CRM.",
    "{n} customers match this number": "Клиентов с этим номером: {n}",
    "Transferred to {ext}": "Переведён на {ext}",
    "In call": "Разговор",
    "Answered by {ext}": "Ответил {ext}",
    "Call ended — add a note": "Звонок завершён — добавьте заметку",
    "Missed call": "Пропущенный звонок",
    "Rejected": "Отклонён",
    "Caller hung up": "Абонент положил трубку",
    "Call failed": "Звонок не удался",
    "Answered elsewhere": "Ответили на другом месте",
    "Transferred": "Переведён",
    "Call ended": "Звонок завершён",
    "ext.": "доб.",
    "Manager": "Менеджер",
    # tray and fallback window
    "Disconnected": "Нет связи с АТС",
    "Connecting…": "Подключение…",
    "Ready": "Готов",
    "Ringing": "Звонок",
    "In a call": "Разговор",
    "Do not disturb": "Не беспокоить",
    "Cannot connect": "Не удаётся подключиться",
    "Dial…": "Набрать…",
    "History": "История",
    "History ({n} missed)": "История (пропущено: {n})",
    "Recordings": "Записи",
    "Pause in queue": "Пауза в очереди",
    "Paused: {reason}": "Пауза: {reason}",
    "Resume queue calls": "Снять паузу",
    "Lunch": "Обед",
    "Break": "Перерыв",
    "Paperwork": "Работа с документами",
    "Training": "Обучение",
    "Other…": "Другое…",
    "Settings": "Настройки",
    "Quit": "Выход",
    "Pause reason": "Причина паузы",
    "Reason:": "Причина:",
    "{n} missed": "Пропущено: {n}",
    "Extension {ext}": "Внутренний {ext}",
    "Paused": "Пауза",
    "Ringside": "Ringside",
    "Coming soon": "Скоро",
    "{what} is not available in this build yet.": "{what}: пока недоступно в этой сборке.",
    "Call failed: {reason}": "Не удалось позвонить: {reason}",
    "Calling {number}: pick up your phone when it rings, then we dial the customer.":
        "Звоним на {number}: снимите трубку, когда зазвонит ваш телефон, затем мы наберём клиента.",
    "No PBX is configured yet. Start the demo (a simulated PBX with sample customers)?":
        "АТС ещё не настроена. Запустить демо (имитация АТС с примерами клиентов)?",
}


STATE_COLORS = {
    "ringing": "#2563eb",
    "incall": "#16a34a",
    "aftercall": "#0d9488",
    "missed": "#dc2626",
    "elsewhere": "#64748b",
    "ended": "#64748b",
}


def popup_stylesheet() -> str:
    accents = "\n".join(
        f'QFrame#card[state="{state}"] {{ border-left: 5px solid {color}; }}\n'
        f'QLabel#state[state="{state}"] {{ color: {color}; }}'
        for state, color in STATE_COLORS.items()
    )
    return (
        """
QFrame#card {
    background: #ffffff;
    border: 1px solid #d7dde6;
    border-radius: 14px;
}
QFrame#card[state="elsewhere"], QFrame#card[state="ended"] { background: #f1f5f9; }
QLabel { color: #0f172a; font-size: 13px; }
QLabel#state { font-size: 11px; font-weight: 700; letter-spacing: 1px; }
QLabel#number { font-size: 22px; font-weight: 700; color: #0f172a; }
QLabel#sub { color: #475569; font-size: 12px; }
QFrame#crm { background: #f8fafc; border: 1px solid #e2e8f0; border-radius: 10px; }
QLabel#name { font-size: 16px; font-weight: 600; }
QLabel#name[muted="true"] { color: #64748b; font-weight: 500; font-size: 14px; }
QLabel#details { color: #334155; font-size: 12px; }
QPushButton {
    background: #eef2f7; color: #0f172a; border: 1px solid #d7dde6;
    border-radius: 8px; padding: 6px 10px; font-size: 12px;
}
QPushButton:hover { background: #e2e8f0; }
QPushButton:disabled { color: #94a3b8; background: #f1f5f9; }
QPushButton#primary { background: #2563eb; color: white; border: 1px solid #1d4ed8; }
QPushButton#primary:hover { background: #1d4ed8; }
QPushButton#primary:disabled { background: #93c5fd; border-color: #93c5fd; }
QPushButton#close { background: transparent; border: none; color: #64748b; padding: 2px 6px; font-size: 14px; }
QPushButton#close:hover { color: #0f172a; }
QPushButton#link { background: transparent; border: none; color: #2563eb; padding: 2px 0; text-align: left; }
QPlainTextEdit { border: 1px solid #cbd5e1; border-radius: 8px; padding: 4px; background: white; font-size: 12px; }
QComboBox { border: 1px solid #cbd5e1; border-radius: 8px; padding: 4px 8px; background: white; font-size: 12px; }
QComboBox::drop-down { border: none; width: 20px; }
"""
        + accents
    )


def panel_stylesheet() -> str:
    """The tray fallback window."""
    return """
QWidget#TrayPanel { background: #ffffff; }
QLabel#status { font-size: 13px; font-weight: 600; color: #0f172a; }
QLabel#detail { font-size: 11px; color: #64748b; }
QLabel#badge { background: #dc2626; color: white; border-radius: 8px; padding: 1px 8px; font-size: 11px; font-weight: 700; }
QPushButton, QToolButton {
    background: #eef2f7; color: #0f172a; border: 1px solid #d7dde6;
    border-radius: 8px; padding: 5px 10px; font-size: 12px;
}
QPushButton:hover, QToolButton:hover { background: #e2e8f0; }
QPushButton:checked, QToolButton:checked { background: #fde68a; border-color: #f59e0b; }
QToolButton { padding-right: 20px; }
QToolButton::menu-indicator { subcontrol-origin: padding; subcontrol-position: right center; right: 6px; }
"""


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def contact_html(contact: Contact) -> str:
    """The card's detail lines as rich text (company, manager, last note, links)."""
    lines = []
    if contact.company:
        lines.append(f"<b>{escape_html(contact.company)}</b>")
    if contact.manager_name:
        ext = f" ({tr('ext.')} {escape_html(contact.manager_extension)})" if contact.manager_extension else ""
        lines.append(f"{tr('Manager')}: {escape_html(contact.manager_name)}{ext}")
    if contact.notes:
        lines.append(f"<span style='color:#475569'>{escape_html(contact.notes[0])}</span>")
    links = [f"<a href='{escape_html(link.url)}'>{escape_html(link.label)}</a>" for link in contact.links[:3]]
    if links:
        lines.append(" · ".join(links))
    return "<br>".join(lines)
