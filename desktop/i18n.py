"""Interface language: picks Russian or English and installs Qt translators.

Convention for translatable text (everything the operator reads):
  * in a QObject/QWidget subclass write ``self.tr("Call back")`` — the context is
    the class name;
  * elsewhere write ``QCoreApplication.translate("Context", "Text")``;
  * with values, translate the template, then format it:
    ``self.tr("Will dial {number}").format(number=e164)``.
Source strings are English; ``resources/translations/ringside_ru.ts`` holds the
Russian text and ``ringside_ru.qm`` is its compiled form, loaded at run time.
Plurals use Qt's numerus form, ``self.tr("%n call(s)", "", count)``; their
English forms live in ``ringside_en.ts`` (the only strings it translates).

Refreshing the catalogue after changing strings (a ``make translations`` recipe;
recipe lines start with a tab in the Makefile)::

    translations:
        for l in ru en; do $(VENV)/bin/pyside6-lupdate desktop/*.py desktop/ui/*.py \\
            -locations relative -no-obsolete -ts resources/translations/ringside_$$l.ts; done
        # translate new entries with pyside6-linguist (ru: everything; en: only
        # the plural forms of "%n ..." strings), then compile both:
        for l in ru en; do $(VENV)/bin/pyside6-lrelease resources/translations/ringside_$$l.ts \\
            -qm resources/translations/ringside_$$l.qm; done

Qt's own strings (standard dialog buttons, context menus of line edits) come from
the ``qtbase_<lang>.qm`` catalogue shipped with PySide6, installed alongside ours.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.ui.style import resource_path

log = logging.getLogger(__name__)

SUPPORTED = ("en", "ru")
LANGUAGE_CHOICES = ("auto", *SUPPORTED)

# translators stay referenced here: Qt does not own them, and a collected
# translator silently stops translating
_installed: list[QTranslator] = []


def resolve_language(language: str = "auto", system: QLocale | None = None) -> str:
    """``ru``/``en`` from a setting; ``auto`` follows the system locale (ru* -> ru, else en)."""
    language = (language or "auto").lower()
    if language in SUPPORTED:
        return language
    locale = system if system is not None else QLocale.system()
    return "ru" if locale.name().lower().startswith("ru") else "en"


def translations_dir() -> str:
    return str(resource_path("translations"))


def install_translator(app: QCoreApplication, language: str = "auto") -> str:
    """Install the catalogues for ``language`` (replacing earlier ones); returns ``ru`` or ``en``.

    Windows created afterwards show the new language; existing ones keep theirs
    until reopened. Also sets the default QLocale so dates and numbers match.
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
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return chosen
