"""Closed answer sets: rows whose answer is one of a few options (Yes/No, (A)/(B)/(C), a label).

On such rows an output that names every option contains the right one, so `contains` would
score it 1 and the search would learn to list options. Here an output counts as an answer only
when it names exactly one option: several named options score 0, with that reason.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Sequence

from .answer_text import normalize

SEPARATORS = ("\n", " / ", "|", ";")  # per-row options, when the cell is not a JSON list
MAX_CLOSED = 12  # an answer column with more distinct values is open text
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def detect_separator(cells: list[str]) -> str | None:
    """'json', one of SEPARATORS, or None: the format that splits the most cells into two or
    more options (ties go to the earlier, less common-in-prose separator)."""
    def count(fmt: str) -> int:
        return sum(len(split_options(c, fmt)) >= 2 for c in cells)
    best = max(["json", *SEPARATORS], key=count)
    return best if count(best) else None


FORMAT_NAMES = {"json": "a JSON list", "\n": "one option per line", " / ": "separated by ' / '",
                "|": "separated by '|'", ";": "separated by ';'"}


def column_format(cells: list[str]) -> tuple[str | None, list[str]]:
    """How an options column is written, and the first row's options split that way (what
    the wizard and `gradsum new` show, so a wrong guess is seen before a run)."""
    fmt = detect_separator(cells)
    first = next((split_options(c, fmt) for c in cells if fmt and split_options(c, fmt)), [])
    return fmt, first


def split_options(cell: str, fmt: str) -> list[str]:
    cell = (cell or "").strip()
    if fmt == "json":
        try:
            data = json.loads(cell)
        except (json.JSONDecodeError, TypeError):
            return []
        return [str(x).strip() for x in data if str(x).strip()] if isinstance(data, list) else []
    return [p.strip() for p in cell.split(fmt) if p.strip()]


def closed_set(answers: list[str]) -> list[str] | None:
    """The distinct answers, when they form a closed set: few distinct values, each seen more
    than once on average (an open-text column has nearly as many values as rows)."""
    distinct = list(dict.fromkeys(a.strip() for a in answers if a and a.strip()))
    if all(_NUMBER.fullmatch(a) for a in distinct):
        return None  # counts and amounts are open-ended, however few appear in the data
    if 2 <= len(distinct) <= MAX_CLOSED and len(distinct) * 2 <= len(answers):
        return distinct
    return None


def row_options(rows: dict[int, tuple[dict, str | None]], options_column: str | None
                ) -> dict[int, tuple[str, ...] | None]:
    """Each row's options: from the options column (its format detected over all rows), else
    the answer column's closed set, else None (open answers: no guard)."""
    if options_column:
        cells = {rid: str(row.get(options_column) or "") for rid, (row, _) in rows.items()}
        fmt = detect_separator(list(cells.values()))
        return {rid: tuple(split_options(c, fmt)) or None if fmt else None
                for rid, c in cells.items()}
    closed = closed_set([ans for _, ans in rows.values() if ans is not None])
    return {rid: tuple(closed) if closed else None for rid in rows}


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "").casefold())


def _pattern(option: str) -> re.Pattern:
    """A whole-word match; a one-character label such as (A) or (1) only with its
    parentheses, or every article 'a' would name option A. A bare number such as 6 (a count
    among 5, 6, 7) is a whole word like any other option."""
    core = normalize(option)
    # (a Chinese or Japanese one-character option, 猫 or 是, is a word: only a Latin letter
    # doubles as an article or a pronoun)
    if len(core) == 1 and ((core.isalpha() and not _CJK.match(core)) or "(" in option):
        return re.compile(rf"\(\s*{re.escape(core)}\s*\)")
    # Chinese and Japanese write no spaces between words, so an option such as 合理 is a word
    # of "这句话合理" too; the longer option (不合理) is still found first in named()
    before = "" if _CJK.match(core[:1]) else r"(?<!\w)"
    after = "" if _CJK.match(core[-1:]) else r"(?!\w)"
    return re.compile(before + re.escape(core) + after)


def _mentions(text: str, options: Sequence[str]) -> list[tuple[str, int]]:
    """Each option the folded text names, longest first, with where its first match ends; a
    shorter option found only inside a longer one already named (Yes inside 'Yes,
    definitely') is not counted again."""
    found: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for opt in sorted(dict.fromkeys(options), key=lambda o: -len(normalize(o))):
        if not normalize(opt):
            continue
        for m in _pattern(opt).finditer(text):
            if not any(a <= m.start() and m.end() <= b for a, b in spans):
                found.append((opt, m.end()))
                spans.append(m.span())
                break
    return found


def named(output: str, options: list[str]) -> list[str]:
    """The options the output names, longest first (see _mentions)."""
    return [opt for opt, _ in _mentions(_fold(output), options)]


def names_several(output: str, options: Sequence[str]) -> bool:
    """True once a reply still being written surely names two or more options, whatever it
    goes on to say: its score under `choice` (and `exact` or `contains` on a row with options)
    is then 0 for good, so generation can stop there. A match counts only when it ends at
    least the longest option's length and a character before the end of the text so far:
    by then its right boundary is written, and so is any longer option that contains it
    (and so hides it, as named() does), with the character after it."""
    lengths = [len(normalize(o)) for o in dict.fromkeys(options) if normalize(o)]
    if len(lengths) < 2:
        return False
    text = _fold(output)
    settled = len(text) - max(lengths) - 1
    return settled > 0 and sum(end <= settled for _, end in _mentions(text, options)) >= 2


def choice(output: str, expected: str, options: list[str]) -> tuple[float, str]:
    """1 when the output names exactly one option and it is the expected one."""
    said = named(output, options)
    if len(said) > 1:
        return 0.0, "names several options (" + ", ".join(said) + "); give exactly one"
    if not said:
        return 0.0, "names none of the options (" + ", ".join(options) + ")"
    if normalize(said[0]) != normalize(expected):
        return 0.0, f"answered {said[0]}, expected {expected}"
    return 1.0, f"answered {said[0]}"


# the answer-format rule, written by code (a weak optimizer model rarely finds it), in the
# prompt's language; languages without a phrase here get no rule rather than an English one
_RULES = {
    "English": ("Answer with exactly one of: {0}.", "Answer with exactly one of the options, "
                "as written.", ", "),
    "Chinese": ("只回答以下选项之一：{0}。", "只回答给出的选项之一，照原样写出。", "、"),
}


def format_rule(options: dict[int, tuple[str, ...] | None], lang: str) -> str | None:
    """'Answer with exactly one of: Yes, No.' when every row has the same closed set; a
    general rule when the options differ per row; None for open answers."""
    sets = {opts for opts in options.values()}
    if not sets or None in sets or lang not in _RULES:
        return None
    fixed, per_row, sep = _RULES[lang]
    if len(sets) == 1:
        return fixed.format(sep.join(next(iter(sets))))
    return per_row


def with_rule(instruction: str, rule: str) -> str:
    """The instruction with the rule as its last sentence (replacing nothing the user wrote)."""
    text = instruction.rstrip()
    if not text:
        return rule
    joiner = "" if text.endswith(("。", "！", "？")) else " "
    if not text.endswith((".", "!", "?", ":", "。", "！", "？")):
        text += "." if joiner else ""
    return text + joiner + rule


def without_rule(instruction: str, rule: str) -> str:
    """The instruction with the rule taken out (what the editor gets to rewrite: code owns the
    rule, so a weak editor can neither garble it nor write after it)."""
    return instruction.replace(rule, "").rstrip()
