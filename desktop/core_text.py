"""Core's messages in the interface's language.

core/ is shared with the CLI and writes English Messages (core/messages.py): errors, stop
reasons, rejection reasons, log notices, run labels, each keeping its template and arguments.
Here the template is looked up in the "CoreText" catalogue (desktop/core_messages.py lists
them all) and filled in with the arguments, each translated in turn where it is a Message
itself or one of core's fixed words (a language, a metric, a run state). Anything else (an old
project's stored English, a traceback) is shown as it is.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core.messages import Message
from . import core_messages  # noqa: F401 (lists every template for the translators)

C = "CoreText"
WORDS = frozenset((  # core's fixed words that appear as a message's argument or on their own
    # budget limits, split names, run states, verdicts
    QT_TRANSLATE_NOOP("CoreText", "wall time"), QT_TRANSLATE_NOOP("CoreText", "tokens"),
    QT_TRANSLATE_NOOP("CoreText", "LLM calls"),
    QT_TRANSLATE_NOOP("CoreText", "val"), QT_TRANSLATE_NOOP("CoreText", "test"),
    QT_TRANSLATE_NOOP("CoreText", "train"),
    QT_TRANSLATE_NOOP("CoreText", "created"), QT_TRANSLATE_NOOP("CoreText", "running"),
    QT_TRANSLATE_NOOP("CoreText", "finished"), QT_TRANSLATE_NOOP("CoreText", "cancelled"),
    QT_TRANSLATE_NOOP("CoreText", "failed"),
    QT_TRANSLATE_NOOP("CoreText", "better"), QT_TRANSLATE_NOOP("CoreText", "worse"),
    QT_TRANSLATE_NOOP("CoreText", "no clear difference"), QT_TRANSLATE_NOOP("CoreText", "format only"),
    # names of languages and metrics
    QT_TRANSLATE_NOOP("CoreText", "Chinese"), QT_TRANSLATE_NOOP("CoreText", "English"),
    QT_TRANSLATE_NOOP("CoreText", "judge"), QT_TRANSLATE_NOOP("CoreText", "exact"),
    QT_TRANSLATE_NOOP("CoreText", "contains"), QT_TRANSLATE_NOOP("CoreText", "regex"),
    QT_TRANSLATE_NOOP("CoreText", "number"), QT_TRANSLATE_NOOP("CoreText", "choice"),
    # the prompts the fit check scores (core/fit_check.py)
    QT_TRANSLATE_NOOP("CoreText", "starting prompt"),
    QT_TRANSLATE_NOOP("CoreText", "with the format rule"),
))


def translate(text) -> str:
    """Core's message (or fixed word) in the interface language; other text unchanged."""
    if isinstance(text, Message):
        args = {k: translate(v) if isinstance(v, str) else v for k, v in text.args.items()}
        count = text.args.get("count")
        n = count if isinstance(count, int) and "(s)" in text.template else -1  # plural forms
        try:
            return QCoreApplication.translate(C, text.template, None, n).format(**args)
        except (KeyError, IndexError, ValueError):  # a translation that broke a field
            return str(text)
    if isinstance(text, str) and text in WORDS:
        return QCoreApplication.translate(C, text)
    return text


def error(e) -> str:
    """An error for a dialog or a status line, translated: a GradSumError's message, or the
    last line of other text (a traceback's is the exception)."""
    text = getattr(e, "message", e)
    if isinstance(text, Message):
        return translate(text)
    text = str(text).strip()
    return text.splitlines()[-1] if text else text


def metrics(names: list[str]) -> str:
    return " + ".join(translate(n) for n in names)
