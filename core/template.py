"""Prompt templates with {name} placeholders.

Only plain names are placeholders: no attribute access, indexing or format specs, so a
template can never reach into Python objects. `{{` and `}}` are literal braces. Rendering is
a single pass over the parsed pieces, so braces inside data values are never re-read as
placeholders.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import GradSumError

_NAME = re.compile(r"[^\W\d]\w*\Z")  # a Unicode identifier: {question}, {问题}, {context_2}


@dataclass(frozen=True)
class Piece:
    text: str
    is_placeholder: bool


def parse(template: str) -> list[Piece]:
    """Split a template into literal text and placeholders, or raise GradSumError."""
    pieces: list[Piece] = []
    buf: list[str] = []
    i, n = 0, len(template)
    while i < n:
        ch = template[i]
        if ch == "{":
            if template.startswith("{{", i):
                buf.append("{")
                i += 2
                continue
            end = template.find("}", i + 1)
            nxt = template.find("{", i + 1)
            if end == -1 or (nxt != -1 and nxt < end):
                raise GradSumError(
                    "Unbalanced brace: '{{' at character {i} is never closed. Write {{{{ for a "
                    "literal brace.", i=i + 1)
            name = template[i + 1:end]
            _check_name(name)
            if buf:
                pieces.append(Piece("".join(buf), False))
                buf = []
            pieces.append(Piece(name, True))
            i = end + 1
        elif ch == "}":
            if template.startswith("}}", i):
                buf.append("}")
                i += 2
                continue
            raise GradSumError(
                "Unbalanced brace: '}}' at character {i} has no opening '{{'. Write }}}} for a "
                "literal brace.", i=i + 1)
        else:
            buf.append(ch)
            i += 1
    if buf:
        pieces.append(Piece("".join(buf), False))
    return pieces


def _check_name(name: str) -> None:
    if name == "":
        raise GradSumError("Empty placeholder '{{}}': name the column, e.g. {{question}}.")
    if not _NAME.match(name):
        raise GradSumError(
            "Placeholder '{{{name}}}' is not allowed: placeholders are plain names such as "
            "{{question}}; attribute access, indexing and format specs are not supported.",
            name=name)


def placeholders(template: str) -> list[str]:
    """Placeholder names in order of first appearance."""
    seen: dict[str, None] = {}
    for p in parse(template):
        if p.is_placeholder:
            seen.setdefault(p.text, None)
    return list(seen)


def literal_text(template: str) -> str:
    """The template without its placeholders: the words a person wrote, for telling its
    language (`请回答 {question}` is Chinese although its placeholder name is English)."""
    try:
        return "".join(p.text for p in parse(template) if not p.is_placeholder)
    except GradSumError:
        return template


def render(template: str, values: dict[str, object]) -> str:
    out = []
    for p in parse(template):
        if not p.is_placeholder:
            out.append(p.text)
        elif p.text in values:
            out.append(str(values[p.text]))
        else:
            raise GradSumError("No value for placeholder {{{text}}}.", text=p.text)
    return "".join(out)


def escape(text: str) -> str:
    """Literal text made safe to put inside a template."""
    return text.replace("{", "{{").replace("}", "}}")


def unescape(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


def check_against_columns(template: str, columns: list[str], mapping: dict[str, str] | None = None,
                          answer_column: str | None = None) -> dict[str, str]:
    """Validate a template against data columns; return placeholder -> column mapping.

    Every placeholder must map to an existing column (explicitly or by the same name); an
    explicit mapping for a placeholder the template does not use is an error too, and so is
    showing the expected answer to the task model.
    """
    names = placeholders(template)
    if not names:
        raise GradSumError(
            "The template has no placeholder, so every row would get the same prompt. Add one "
            "such as {{question}} where the row's text goes.")
    mapping = dict(mapping or {})
    unused = [k for k in mapping if k not in names]
    if unused:
        raise GradSumError(
            "Column mapping names placeholder(s) the template does not use: {unused}. Template "
            "placeholders: {names}.", unused=', '.join(unused), names=', '.join(names))
    result = {}
    for name in names:
        col = mapping.get(name, name)
        if col not in columns:
            raise GradSumError(
                "Placeholder {{{name}}} has no column '{col}' in the data. Available columns: "
                "{columns}.", name=name, col=col, columns=', '.join(columns) or '(none)')
        if answer_column and col == answer_column:
            raise GradSumError(
                "Placeholder {{{name}}} would show the expected answer column '{col}' to the task "
                "model.", name=name, col=col)
        result[name] = col
    return result


# --- the editable part of a prompt ---------------------------------------------------------
# Small models are poor free-text editors, so the optimizer lets them rewrite only the
# instruction: the leading block of placeholder-free lines (or the trailing block when the
# template starts with data). Code keeps the scaffold with the placeholders verbatim.

@dataclass(frozen=True)
class Split:
    head: str         # template text before the instruction block
    instruction: str  # plain text (unescaped), may be empty
    tail: str         # template text after the instruction block


_LABEL = re.compile(r"\s*\S[^\n]{0,30}[:：]\s*\Z")


def split_instruction(template: str) -> Split:
    lines = template.split("\n")
    has_ph = [any(p.is_placeholder for p in parse(line)) for line in lines]
    first = has_ph.index(True) if True in has_ph else len(lines)
    if "".join(lines[:first]).strip():
        block = lines[:first]
        return Split("", unescape("\n".join(block)).strip(), "\n" + "\n".join(lines[first:]))
    last = len(lines) - 1 - has_ph[::-1].index(True)
    while last + 1 < len(lines) and _LABEL.match(lines[last + 1]):
        last += 1  # an answer label such as "A:" right after the data belongs to the scaffold
    if "".join(lines[last + 1:]).strip():
        return Split("\n".join(lines[:last + 1]) + "\n",
                     unescape("\n".join(lines[last + 1:])).strip(), "")
    return Split("", "", "\n\n" + template)


def with_instruction(split: Split, instruction: str) -> str:
    """Put a new instruction into the scaffold; the placeholders stay exactly as they were."""
    return split.head + escape(instruction.strip()) + split.tail
