"""Interface language and fonts.

The app follows the system locale unless the user picked a language in View ▸ Language (kept
in QSettings). Translations are Qt Linguist files: `i18n/gradsum_<lang>.ts` in the repository
(`gradsum_en.ts` holds English's plural forms only), compiled to `.qm` by the build step (scripts/install.sh, packaging/build.sh); Qt's own
translations (dialog buttons, the wizard's Next/Back) come with PySide6.

Han text needs a font that has the glyphs. Windows and macOS always have one; a Linux
workstation may not, so the app ships Droid Sans Fallback (Apache-2.0) and puts a CJK family
behind the interface font, which Qt then uses for every character the first font lacks.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent
I18N, FONTS = HERE / "i18n", HERE / "fonts"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # each name in its own language
KEY = "ui/language"  # "" or missing = follow the system
_installed: list[QTranslator] = []  # ours and Qt's, removed when the language is set again
# families with Simplified Chinese glyphs, preferred first (Windows, macOS, Linux, bundled)
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback")


def chosen() -> str:
    """The language picked in the menu, or "" for the system's."""
    value = QSettings().value(KEY, "")
    return value if value in LANGUAGES else ""


def choose(code: str) -> None:
    QSettings().setValue(KEY, code if code in LANGUAGES else "")


def resolve(setting: str, system: str) -> str:
    """The language to show: the user's choice, else the system locale when we have it
    (zh, zh_CN, zh_SG and zh_Hans read Simplified Chinese), else English."""
    if setting in LANGUAGES:
        return setting
    if system.startswith("zh") and not any(t in system for t in ("TW", "HK", "MO", "Hant")):
        return "zh_CN"
    return "en"


def qm_path(code: str) -> Path:
    return I18N / f"gradsum_{code}.qm"


def install(app: QApplication, system: str | None = None) -> str:
    """Load the translators for the chosen or system language and set up CJK fonts. Returns
    the language in use; English when a translation was never built (a warning says so)."""
    code = resolve(chosen(), QLocale.system().name() if system is None else system)
    while _installed:
        app.removeTranslator(_installed.pop())
    if code == "en":  # English has a file too: its plural forms ("1 iteration", "2 iterations")
        plural = QTranslator(app)
        if plural.load(str(qm_path("en"))):
            _installed.append(plural)
            app.installTranslator(plural)
    else:
        ours = QTranslator(app)
        if not ours.load(str(qm_path(code))):
            import warnings
            warnings.warn(f"No compiled translation at {qm_path(code)}: run "
                          "`bash scripts/install.sh` (it builds the .qm files). Using English.")
            code = "en"
        else:
            qt = QTranslator(app)
            if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
                _installed.append(qt)
            _installed.append(ours)
            for t in _installed:
                app.installTranslator(t)
    QLocale.setDefault(QLocale(code if code != "en" else "en_US"))
    install_cjk_font(app)
    return code


@cache  # the font database does not change while the app runs; the bundled font loads once
def cjk_family() -> str | None:
    """A font family with Simplified Chinese glyphs: the system's, else the bundled one."""
    have = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for family in CJK_FAMILIES:
        if family in have:
            return family
    for path in sorted(FONTS.glob("*.ttf")):
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0:
            return QFontDatabase.applicationFontFamilies(fid)[0]
    return next(iter(sorted(have)), None)


def install_cjk_font(app: QApplication) -> str | None:
    """Put a CJK family behind the interface font: Latin text keeps the system look and Han
    characters never fall back to empty boxes."""
    family = cjk_family()
    if family:
        font = app.font()
        families = [f for f in font.families() if f != family] or [font.family()]
        font.setFamilies(families + [family])
        app.setFont(font)
    return family


def monospace_families() -> str:
    """CSS font-family for prompt text (diffs): monospace, then the CJK family."""
    family = cjk_family()
    return "monospace" + (f", '{family}'" if family else "")

