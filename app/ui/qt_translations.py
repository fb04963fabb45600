"""Qt's own texts (standard dialog buttons, the text-edit context menu, the file dialog) in the chosen language.

Qt ships ``qtbase_<lang>.qm`` for some thirty languages in PySide6's ``translations`` folder, but **none
for Hindi** (PySide6 6.x has qtbase_ar, _bg … _zh_TW; no ``hi``). So:

- a language Qt ships is loaded from Qt's own ``.qm`` (``QLibraryInfo`` translations path);
- for Hindi, ``CatalogTranslator`` answers Qt's lookups for the strings a user of this app sees
  (the context/source pairs below, as Qt 6 asks for them) from our own gettext catalog, under the
  message context ``Qt``. Anything else falls through to Qt's English (``None`` = "no translation";
  an empty string would blank the button).

Keyboard key names (``QShortcut``: Ctrl, Shift …) are left in English on purpose: the keys are labelled
in English. ``activate()`` (called once at start, after the QApplication exists) installs the current
language and follows every later ``set_language``. It also sets ``QLocale``'s default so calendars and
date editors name months in the language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.i18n import current_language, on_language_changed, pgettext

QT_LOCALES = {"hi": (QLocale.Language.Hindi, QLocale.Country.India),
              "en": (QLocale.Language.English, QLocale.Country.India)}


def _qt_strings() -> dict[tuple[str, str], str]:
    """(Qt context, Qt source text) → our translation, in the current language."""
    return {**_button_strings(), **_text_field_strings(), **_file_dialog_strings()}


def _button_strings() -> dict[tuple[str, str], str]:
    """Standard buttons (QMessageBox, QDialogButtonBox), the progress dialog, the input dialog, the wizard."""
    cancel = pgettext("Qt", "Cancel")
    return {
        ("QPlatformTheme", "OK"): pgettext("Qt", "OK"),
        ("QPlatformTheme", "Cancel"): cancel,
        ("QPlatformTheme", "Save"): pgettext("Qt", "Save"),
        ("QPlatformTheme", "Save All"): pgettext("Qt", "Save All"),
        ("QPlatformTheme", "Open"): pgettext("Qt", "Open"),
        ("QPlatformTheme", "&Yes"): pgettext("Qt", "&Yes"),
        ("QPlatformTheme", "Yes to &All"): pgettext("Qt", "Yes to &All"),
        ("QPlatformTheme", "&No"): pgettext("Qt", "&No"),
        ("QPlatformTheme", "N&o to All"): pgettext("Qt", "N&o to All"),
        ("QPlatformTheme", "Abort"): pgettext("Qt", "Abort"),
        ("QPlatformTheme", "Retry"): pgettext("Qt", "Retry"),
        ("QPlatformTheme", "Ignore"): pgettext("Qt", "Ignore"),
        ("QPlatformTheme", "Close"): pgettext("Qt", "Close"),
        ("QPlatformTheme", "Discard"): pgettext("Qt", "Discard"),
        ("QPlatformTheme", "Help"): pgettext("Qt", "Help"),
        ("QPlatformTheme", "Apply"): pgettext("Qt", "Apply"),
        ("QPlatformTheme", "Reset"): pgettext("Qt", "Reset"),
        ("QPlatformTheme", "Restore Defaults"): pgettext("Qt", "Restore Defaults"),
        ("QMessageBox", "Show Details..."): pgettext("Qt", "Show Details..."),
        ("QMessageBox", "Hide Details..."): pgettext("Qt", "Hide Details..."),
        ("QProgressDialog", "Cancel"): cancel,
        ("QInputDialog", "Enter a value:"): pgettext("Qt", "Enter a value:"),
        ("QWizard", "< &Back"): pgettext("Qt", "< &Back"),
        ("QWizard", "&Next >"): pgettext("Qt", "&Next >"),
        ("QWizard", "&Finish"): pgettext("Qt", "&Finish"),
        ("QWizard", "Cancel"): cancel,
        ("QWizard", "Commit"): pgettext("Qt", "Commit"),
    }


def _text_field_strings() -> dict[tuple[str, str], str]:
    """The context menu of every text field."""
    copy, paste, cut = pgettext("Qt", "&Copy"), pgettext("Qt", "&Paste"), pgettext("Qt", "Cu&t")
    undo, redo = pgettext("Qt", "&Undo"), pgettext("Qt", "&Redo")
    delete, select_all = pgettext("Qt", "Delete"), pgettext("Qt", "Select All")
    return {
        ("QLineEdit", "&Undo"): undo, ("QLineEdit", "&Redo"): redo, ("QLineEdit", "Cu&t"): cut,
        ("QLineEdit", "&Copy"): copy, ("QLineEdit", "&Paste"): paste, ("QLineEdit", "Delete"): delete,
        ("QLineEdit", "Select All"): select_all,
        ("QWidgetTextControl", "&Undo"): undo, ("QWidgetTextControl", "&Redo"): redo,
        ("QWidgetTextControl", "Cu&t"): cut, ("QWidgetTextControl", "&Copy"): copy,
        ("QWidgetTextControl", "&Paste"): paste, ("QWidgetTextControl", "Delete"): delete,
        ("QWidgetTextControl", "Select All"): select_all,
    }


def _file_dialog_strings() -> dict[tuple[str, str], str]:
    """Qt's own file dialog (used where the platform has no native one)."""
    return {
        ("QFileDialog", "&Open"): pgettext("Qt", "&Open"),
        ("QFileDialog", "&Save"): pgettext("Qt", "&Save"),
        ("QFileDialog", "&Choose"): pgettext("Qt", "&Choose"),
        ("QFileDialog", "Open"): pgettext("Qt", "Open"),
        ("QFileDialog", "Save As"): pgettext("Qt", "Save As"),
        ("QFileDialog", "Find Directory"): pgettext("Qt", "Find Directory"),
        ("QFileDialog", "&Look in:"): pgettext("Qt", "&Look in:"),
        ("QFileDialog", "File &name:"): pgettext("Qt", "File &name:"),
        ("QFileDialog", "Files of &type:"): pgettext("Qt", "Files of &type:"),
        ("QFileDialog", "Directory:"): pgettext("Qt", "Directory:"),
        ("QFileDialog", "Directories"): pgettext("Qt", "Directories"),
        ("QFileDialog", "Files"): pgettext("Qt", "Files"),
        ("QFileDialog", "All Files (*)"): pgettext("Qt", "All Files (*)"),
        ("QFileDialog", "&New Folder"): pgettext("Qt", "&New Folder"),
        ("QFileDialog", "Create New Folder"): pgettext("Qt", "Create New Folder"),
        ("QFileDialog", "Create a New Folder"): pgettext("Qt", "Create a New Folder"),
        ("QFileDialog", "&Rename"): pgettext("Qt", "&Rename"),
        ("QFileDialog", "&Delete"): pgettext("Qt", "&Delete"),
        ("QFileDialog", "Show &hidden files"): pgettext("Qt", "Show &hidden files"),
        ("QFileDialog", "Back"): pgettext("Qt", "Back"),
        ("QFileDialog", "Forward"): pgettext("Qt", "Forward"),
        ("QFileDialog", "Go back"): pgettext("Qt", "Go back"),
        ("QFileDialog", "Go forward"): pgettext("Qt", "Go forward"),
        ("QFileDialog", "Parent Directory"): pgettext("Qt", "Parent Directory"),
        ("QFileDialog", "Go to the parent directory"): pgettext("Qt", "Go to the parent directory"),
        ("QFileDialog", "List View"): pgettext("Qt", "List View"),
        ("QFileDialog", "Detail View"): pgettext("Qt", "Detail View"),
        ("QFileDialog", "Change to list view mode"): pgettext("Qt", "Change to list view mode"),
        ("QFileDialog", "Change to detail view mode"): pgettext("Qt", "Change to detail view mode"),
        ("QFileDialog", "Sidebar"): pgettext("Qt", "Sidebar"),
        ("QFileDialog", "List of places and bookmarks"): pgettext("Qt", "List of places and bookmarks"),
        ("QFileSystemModel", "Name"): pgettext("Qt", "Name"),
        ("QFileSystemModel", "Size"): pgettext("Qt", "Size"),
        ("QFileSystemModel", "Type"): pgettext("Qt", "Type"),
        ("QFileSystemModel", "Date Modified"): pgettext("Qt", "Date Modified"),
        ("QFileSystemModel", "Computer"): pgettext("Qt", "Computer"),
        ("QAbstractFileIconProvider", "Folder"): pgettext("Qt", "Folder"),
        ("QAbstractFileIconProvider", "Drive"): pgettext("Qt", "Drive"),
    }


class CatalogTranslator(QTranslator):
    """Answers Qt's own lookups from the app's gettext catalog (for languages Qt ships no .qm for)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = _qt_strings()

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 (Qt's name)
        text = self.table.get((context, source_text))
        if text is None or text == source_text:
            return None  # not ours: Qt keeps its English
        return text

    def isEmpty(self) -> bool:  # noqa: N802
        return False


_installed: list[QTranslator] = []


def qt_ships(lang: str) -> bool:
    """Whether Qt's translations folder has ``qtbase_<lang>.qm``."""
    from pathlib import Path

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return (folder / f"qtbase_{lang}.qm").exists()


def install(lang: str, app: QCoreApplication | None = None) -> str:
    """Put Qt's own texts into ``lang``; returns ``"qt"``, ``"catalog"`` or ``"none"`` (English)."""
    app = app or QCoreApplication.instance()
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    language, country = QT_LOCALES.get(lang, QT_LOCALES["en"])
    QLocale.setDefault(QLocale(language, country))
    if lang == "en" or app is None:
        return "none"
    translator: QTranslator
    if qt_ships(lang):
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
            return "qt"
    translator = CatalogTranslator(app)
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    return "catalog"


_following = False


def activate() -> str:
    """Install Qt's texts for the current language and follow every later language switch."""
    global _following
    if not _following:
        on_language_changed(lambda code: install(code))
        _following = True
    return install(current_language())
