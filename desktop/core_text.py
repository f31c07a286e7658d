"""Core's English messages, as the translated interface shows them.

core/ is shared with the CLI and writes its messages (errors, stop reasons, rejection
reasons, log notices, run labels) in English. The GUI translates the fixed phrases among them: each phrase
is a pattern over core's wording and a translatable template, and the parts it captures (a
number, a nested reason, the model's own text) go into the template, translated again where
they are phrases themselves. A message no pattern knows is shown as core wrote it, so a new
core message is never lost, only untranslated (tests/gui/test_translations.py lists what the
interface showed).
"""
from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from .core_messages import MESSAGES  # every GradSumError message, generated

C = "CoreText"
PHRASES = [  # (pattern over core's English, template with {0}, {1}... for the groups)
    # stop reasons (core/search.py, core/errors.py)
    (r"finished (\d+) iteration\(s\)", QT_TRANSLATE_NOOP("CoreText", "finished {0} iteration(s)")),
    (r"no gain in (\d+) iteration\(s\)",
     QT_TRANSLATE_NOOP("CoreText", "no gain in {0} iteration(s)")),
    (r"validation score is perfect", QT_TRANSLATE_NOOP("CoreText", "validation score is perfect")),
    (r"the editor produced no usable candidate in (\d+) iteration\(s\) \(the rejected ones and "
     r"their reasons are in the run record\); the initial prompt is kept",
     QT_TRANSLATE_NOOP("CoreText", "the editor produced no usable candidate in {0} iteration(s) "
                                   "(the rejected ones and their reasons are in the run record); "
                                   "the initial prompt is kept")),
    (r"budget reached: (.+) \(limit (.+)\)", QT_TRANSLATE_NOOP("CoreText", "budget reached: {0} "
                                                                          "(limit {1})")),
    (r"wall time", QT_TRANSLATE_NOOP("CoreText", "wall time")),
    (r"tokens", QT_TRANSLATE_NOOP("CoreText", "tokens")),
    (r"LLM calls", QT_TRANSLATE_NOOP("CoreText", "LLM calls")),
    (r"evaluation on (val|test|train)", QT_TRANSLATE_NOOP("CoreText", "evaluation on {0}")),
    (r"val", QT_TRANSLATE_NOOP("CoreText", "validation")),
    (r"test", QT_TRANSLATE_NOOP("CoreText", "test")),
    (r"train", QT_TRANSLATE_NOOP("CoreText", "train")),
    # log notices
    (r"iteration (\d+): (\d+)/(\d+) candidates usable, best validation score ([\d.]+)",
     QT_TRANSLATE_NOOP("CoreText", "iteration {0}: {1}/{2} candidates usable, best validation "
                                   "score {3}")),
    (r"candidate rejected \((.+)\): ('.*'|\".*\")", QT_TRANSLATE_NOOP("CoreText", "candidate "
                                                                    "rejected ({0}): {1}")),
    (r"(\d+) row\(s\) do not fit the model's context and score 0 \(row ids (.*)\)\. Raise the "
     r"context size or shorten them\.",
     QT_TRANSLATE_NOOP("CoreText", "{0} row(s) do not fit the model's context and score 0 (row "
                                   "ids {1}). Raise the context size or shorten them.")),
    # why a candidate was rejected, or a note on a used one (core/editor.py, core/search.py)
    (r"unfinished \(ran past (\d+) tokens\); its complete sentences: (.+)",
     QT_TRANSLATE_NOOP("CoreText", "unfinished (ran past {0} tokens); its complete sentences: "
                                   "{1}")),
    (r"unfinished \(ran past (\d+) tokens\): kept its complete sentences",
     QT_TRANSLATE_NOOP("CoreText", "unfinished (ran past {0} tokens): kept its complete "
                                   "sentences")),
    (r"unfinished \(ran past (\d+) tokens\)", QT_TRANSLATE_NOOP("CoreText", "unfinished (ran "
                                                                          "past {0} tokens)")),
    (r"not written in (\w+)", QT_TRANSLATE_NOOP("CoreText", "not written in {0}")),
    (r"empty or too short", QT_TRANSLATE_NOOP("CoreText", "empty or too short")),
    (r"empty or unchanged", QT_TRANSLATE_NOOP("CoreText", "empty or unchanged")),
    (r"unchanged", QT_TRANSLATE_NOOP("CoreText", "unchanged")),
    (r"duplicate", QT_TRANSLATE_NOOP("CoreText", "duplicate")),
    (r"too long \(more than 4x the current instruction\)",
     QT_TRANSLATE_NOOP("CoreText", "too long (more than 4x the current instruction)")),
    (r"copies the meta-prompt's example", QT_TRANSLATE_NOOP("CoreText", "copies the "
                                                                      "meta-prompt's example")),
    (r"invents placeholder\(s\) (.+)", QT_TRANSLATE_NOOP("CoreText", "invents placeholder(s) "
                                                                   "{0}")),
    (r"repeats the optimizer's own instructions \('(.+)'\)",
     QT_TRANSLATE_NOOP("CoreText", "repeats the optimizer's own instructions ('{0}')")),
    (r"shares no word with the task, the criteria or the prompt",
     QT_TRANSLATE_NOOP("CoreText", "shares no word with the task, the criteria or the prompt")),
    (r"says the same sentence twice \('(.+)'\)",
     QT_TRANSLATE_NOOP("CoreText", "says the same sentence twice ('{0}')")),
    (r"talks about the optimization, not the task \((.+)\)",
     QT_TRANSLATE_NOOP("CoreText", "talks about the optimization, not the task ({0})")),
    (r"repaired: re-added (.+)", QT_TRANSLATE_NOOP("CoreText", "repaired: re-added {0}")),
    (r"not a valid template: (.+)", QT_TRANSLATE_NOOP("CoreText", "not a valid template: {0}")),
    # run labels (core/run_record.py) and their states
    (r"(Run|Evaluation) (\d+) · (\w+) · continued from run (\d+) at iteration (\d+)",
     QT_TRANSLATE_NOOP("CoreText", "{0} {1} · {2} · continued from run {3} at iteration {4}")),
    (r"(Run|Evaluation) (\d+) · (\w+)", QT_TRANSLATE_NOOP("CoreText", "{0} {1} · {2}")),
    (r"Run", QT_TRANSLATE_NOOP("CoreText", "Run")),
    (r"Evaluation", QT_TRANSLATE_NOOP("CoreText", "Evaluation")),
    (r"created", QT_TRANSLATE_NOOP("CoreText", "created")),
    (r"running", QT_TRANSLATE_NOOP("CoreText", "running")),
    (r"finished", QT_TRANSLATE_NOOP("CoreText", "finished")),
    (r"cancelled", QT_TRANSLATE_NOOP("CoreText", "cancelled")),
    (r"failed", QT_TRANSLATE_NOOP("CoreText", "failed")),
    # names of languages, metrics and selection modes
    (r"Chinese", QT_TRANSLATE_NOOP("CoreText", "Chinese")),
    (r"English", QT_TRANSLATE_NOOP("CoreText", "English")),
    (r"judge", QT_TRANSLATE_NOOP("CoreText", "judge")),
    (r"exact", QT_TRANSLATE_NOOP("CoreText", "exact")),
    (r"contains", QT_TRANSLATE_NOOP("CoreText", "contains")),
    (r"regex", QT_TRANSLATE_NOOP("CoreText", "regex")),
    (r"number", QT_TRANSLATE_NOOP("CoreText", "number")),
    (r"full", QT_TRANSLATE_NOOP("CoreText", "full")),
    (r"halving", QT_TRANSLATE_NOOP("CoreText", "halving")),
]
COMPILED = [(re.compile(p + r"\Z", re.S), t) for p, t in MESSAGES + PHRASES]


def translate(text: str) -> str:
    """Core's English message in the interface language (unchanged where no phrase fits)."""
    if not text:
        return text
    for pattern, template in COMPILED:
        m = pattern.match(text)
        if m:
            parts = [translate(g) if g is not None else "" for g in m.groups()]
            return QCoreApplication.translate(C, template).format(*parts)
    return text


def error(e: BaseException | str) -> str:
    """An error for a dialog or a status line: its last line (a traceback's is the message),
    translated."""
    text = str(e).strip()
    return translate(text.splitlines()[-1] if text else text)


def metrics(names: list[str]) -> str:
    return " + ".join(translate(n) for n in names)
