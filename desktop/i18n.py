"""Interface language: picks English, Russian or Ukrainian and installs Qt translators.

Convention for translatable text (everything the operator reads):
  * in a QObject/QWidget subclass write ``self.tr("Call back")`` — the context is
    the class name;
  * elsewhere write ``QCoreApplication.translate("Context", "Text")``;
  * with values, translate the template, then format it:
    ``self.tr("Will dial {number}").format(number=e164)``;
  * lupdate only reads literals: text picked at run time (``self.tr(code)``)
    needs a ``QT_TRANSLATE_NOOP("Context", "Text")`` marker next to its
    definition, or in :data:`RUNTIME_STRINGS` below; a home-made wrapper
    (``_tr("...")``) hides its literals from lupdate, so call ``translate``
    directly (module-level code may use ``desktop.ui.popup_style.tr``, which
    lupdate files under the empty context). tests/desktop/test_windows_i18n_complete.py
    fails on anything the catalogue lacks.
Source strings are English; ``resources/translations/ringside_ru.ts`` holds the
Russian text, ``ringside_uk.ts`` the Ukrainian, and the ``.qm`` files are their
compiled form, loaded at run time.
Plurals use Qt's numerus form, ``self.tr("%n call(s)", "", count)``; their
English forms live in ``ringside_en.ts`` (the only strings it translates).

Refreshing the catalogue after changing strings (a ``make translations`` recipe;
recipe lines start with a tab in the Makefile)::

    translations:
        for l in ru en uk; do $(VENV)/bin/pyside6-lupdate desktop/*.py desktop/ui/*.py \\
            -locations relative -no-obsolete -ts resources/translations/ringside_$$l.ts; done
        # translate new entries with pyside6-linguist (ru: everything; en: only
        # the plural forms of "%n ..." strings), then compile both:
        for l in ru en uk; do $(VENV)/bin/pyside6-lrelease resources/translations/ringside_$$l.ts \\
            -qm resources/translations/ringside_$$l.qm; done

Qt's own strings (standard dialog buttons, context menus of line edits) come from
the ``qtbase_<lang>.qm`` catalogue shipped with PySide6, installed alongside ours.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.ui.style import resource_path

log = logging.getLogger(__name__)

# Text other modules choose at run time (``self.tr(value)`` with a variable), which
# lupdate cannot see there; these markers put it in the catalogue under the context
# the code translates it in. Better: mark the literal where it is defined and drop it here.
RUNTIME_STRINGS = (
    # desktop.ui.popup.DISPOSITIONS
    QT_TRANSLATE_NOOP("CallPopup", "Resolved"),
    QT_TRANSLATE_NOOP("CallPopup", "Callback needed"),
    QT_TRANSLATE_NOOP("CallPopup", "Sale"),
    QT_TRANSLATE_NOOP("CallPopup", "Complaint"),
    QT_TRANSLATE_NOOP("CallPopup", "Wrong number"),
    # desktop.tray.STATE_TEXT and PAUSE_REASONS
    QT_TRANSLATE_NOOP("Tray", "Disconnected"),
    QT_TRANSLATE_NOOP("Tray", "Connecting…"),
    QT_TRANSLATE_NOOP("Tray", "Ready"),
    QT_TRANSLATE_NOOP("Tray", "Ringing"),
    QT_TRANSLATE_NOOP("Tray", "In a call"),
    QT_TRANSLATE_NOOP("Tray", "Do not disturb"),
    QT_TRANSLATE_NOOP("Tray", "Cannot connect"),
    QT_TRANSLATE_NOOP("Tray", "Lunch"),
    QT_TRANSLATE_NOOP("Tray", "Break"),
    QT_TRANSLATE_NOOP("Tray", "Paperwork"),
    QT_TRANSLATE_NOOP("Tray", "Training"),
    # desktop.recordings_glue: its _tr() wrapper, which lupdate does not read
    QT_TRANSLATE_NOOP("RecordingsWindow", "Recordings"),
    QT_TRANSLATE_NOOP("RecordingsWindow", "Live"),
    QT_TRANSLATE_NOOP(
        "RecordingsWindow",
        "Showing your own recorded calls from this computer. To search every call, "
        "set the recordings gateway URL and token in Settings → Recordings.",
    ),
    # desktop.ui.recordings: RecordingsModel.HEADERS, directions and outcomes
    QT_TRANSLATE_NOOP("RecordingsModel", "Date"),
    QT_TRANSLATE_NOOP("RecordingsModel", "Direction"),
    QT_TRANSLATE_NOOP("RecordingsModel", "Operator"),
    QT_TRANSLATE_NOOP("RecordingsModel", "Number"),
    QT_TRANSLATE_NOOP("RecordingsModel", "Outcome"),
    QT_TRANSLATE_NOOP("RecordingsModel", "Talk"),
    QT_TRANSLATE_NOOP("RecordingsModel", "Recording"),
    QT_TRANSLATE_NOOP("RecordingsModel", "Name"),
    QT_TRANSLATE_NOOP("RecordingsModel", "inbound"),
    QT_TRANSLATE_NOOP("RecordingsModel", "outbound"),
    QT_TRANSLATE_NOOP("RecordingsModel", "internal"),
    QT_TRANSLATE_NOOP("RecordingsModel", "answered"),
    QT_TRANSLATE_NOOP("RecordingsModel", "missed"),
    QT_TRANSLATE_NOOP("RecordingsModel", "busy"),
    QT_TRANSLATE_NOOP("RecordingsModel", "failed"),
    QT_TRANSLATE_NOOP("RecordingsBrowser", "inbound"),
    QT_TRANSLATE_NOOP("RecordingsBrowser", "outbound"),
    QT_TRANSLATE_NOOP("RecordingsBrowser", "internal"),
    QT_TRANSLATE_NOOP("RecordingsBrowser", "answered"),
    QT_TRANSLATE_NOOP("RecordingsBrowser", "missed"),
    QT_TRANSLATE_NOOP("RecordingsBrowser", "busy"),
    QT_TRANSLATE_NOOP("RecordingsBrowser", "failed"),
    # core/crm/*.py: ConfigField labels and help texts desktop.ui.settings_crm shows
    QT_TRANSLATE_NOOP("CrmFields", "Account time zone"),
    QT_TRANSLATE_NOOP("CrmFields", "Field names"),
    QT_TRANSLATE_NOOP("CrmFields", "Empty: addressbook.sqlite3 in Ringside's data folder."),
    QT_TRANSLATE_NOOP("CrmFields", "Optional."),
    QT_TRANSLATE_NOOP("CrmFields", "e.g. data.items; empty = root"),
    QT_TRANSLATE_NOOP("CrmFields", "IANA name such as Europe/Moscow; empty: this computer's zone"),
    # keyring_label(): where secrets are kept, in words instead of a class name
    QT_TRANSLATE_NOOP("Keyring", "memory only (until Ringside quits)"),
    QT_TRANSLATE_NOOP("Keyring", "the system keyring (Secret Service: GNOME Keyring or KWallet)"),
    QT_TRANSLATE_NOOP("Keyring", "KWallet"),
    QT_TRANSLATE_NOOP("Keyring", "Windows Credential Manager"),
    QT_TRANSLATE_NOOP("Keyring", "the macOS Keychain"),
    QT_TRANSLATE_NOOP("Keyring", "an encrypted file (passphrase)"),
)

# keyring backend module -> words (keyring.backends.<module>.<class>)
_KEYRINGS = {
    "SecretService": "the system keyring (Secret Service: GNOME Keyring or KWallet)",
    "libsecret": "the system keyring (Secret Service: GNOME Keyring or KWallet)",
    "kwallet": "KWallet",
    "Windows": "Windows Credential Manager",
    "macOS": "the macOS Keychain",
    "file": "an encrypted file (passphrase)",
    "cryptfile": "an encrypted file (passphrase)",
}


def keyring_label(backend_name: str | None) -> str:
    """Where secrets are kept, in the UI language (``SecretStore.backend_name`` is a class path
    such as ``keyring.backends.SecretService.Keyring``, or ``memory``)."""
    name = (backend_name or "").strip()
    if not name or name.strip("()") == "memory":
        return QCoreApplication.translate("Keyring", "memory only (until Ringside quits)")
    parts = name.split(".")
    for part in reversed(parts[:-1] or parts):
        if part in _KEYRINGS:
            return QCoreApplication.translate("Keyring", _KEYRINGS[part])
    return parts[-2] if len(parts) > 1 and parts[-1] == "Keyring" else parts[-1]


SUPPORTED = ("en", "ru", "uk")
LANGUAGE_CHOICES = ("auto", *SUPPORTED)

# translators stay referenced here: Qt does not own them, and a collected
# translator silently stops translating
_installed: list[QTranslator] = []


def resolve_language(language: str = "auto", system: QLocale | None = None) -> str:
    """``en``/``ru``/``uk`` from a setting; ``auto`` follows the system locale
    (ru* -> ru, uk* -> uk, anything else -> en)."""
    language = (language or "auto").lower()
    if language in SUPPORTED:
        return language
    locale = system if system is not None else QLocale.system()
    name = locale.name().lower()
    return next((code for code in ("ru", "uk") if name.startswith(code)), "en")


def translations_dir() -> str:
    return str(resource_path("translations"))


def apply_language(language: str) -> str:
    """Switch the running app to ``language`` now: the catalogues are replaced and Qt sends
    every widget a ``LanguageChange`` event, on which Ringside's windows retranslate."""
    app = QCoreApplication.instance()
    return install_translator(app, language) if app is not None else resolve_language(language)


def install_translator(app: QCoreApplication, language: str = "auto") -> str:
    """Install the catalogues for ``language`` (replacing earlier ones); returns its code.

    Installing or removing a translator makes Qt send ``QEvent.LanguageChange`` to
    every widget: open windows retranslate in their ``changeEvent``. Also sets the
    default QLocale so dates and numbers match.
    """
    chosen = resolve_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    # English is the source language; its catalogue only carries plural forms
    ours = QTranslator(app)
    if ours.load(f"ringside_{chosen}", translations_dir()):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no %s catalogue in %s; showing source strings", chosen, translations_dir())
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if chosen != "en" and qt.load(f"qtbase_{chosen}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    system = QLocale.system()
    if resolve_language("auto", system) == chosen:
        QLocale.setDefault(system)
    elif chosen == "ru":
        QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    elif chosen == "uk":
        QLocale.setDefault(QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return chosen
