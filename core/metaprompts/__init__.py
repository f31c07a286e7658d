"""Meta-prompts are data: one text file each, with [system] and [user] sections.

They are templates in our own placeholder syntax, rendered single-pass, and their verbatim text
is copied into each run's record.
"""
from __future__ import annotations

from importlib import resources

from ..template import placeholders, render

NAMES = ("judge", "gradient", "summary", "editor", "editor_full")


def text(name: str) -> str:
    return resources.files(__package__).joinpath(f"{name}.txt").read_text("utf-8")


def all_texts() -> dict[str, str]:
    return {n: text(n) for n in NAMES}


def sections(raw: str) -> list[tuple[str, str]]:
    """[system] / [user] / [assistant] sections in file order: a few-shot example is a
    user + assistant pair before the real [user] turn."""
    out: list[tuple[str, list[str]]] = []
    for line in raw.splitlines():
        tag = line.strip()
        if tag in ("[system]", "[user]", "[assistant]"):
            out.append((tag[1:-1], []))
        elif out:
            out[-1][1].append(line)
    return [(role, "\n".join(lines).strip()) for role, lines in out]


def examples(raw: str) -> list[str]:
    """The few-shot answers in a meta-prompt (to catch a small model copying them)."""
    return [render(text, {}) for role, text in sections(raw) if role == "assistant"]


def build(raw: str, **values: str) -> tuple[tuple[str, str], ...]:
    """The chat messages with the values filled in (single pass: values are never re-read)."""
    return tuple((role, render(text, {k: values[k] for k in placeholders(text)}))
                 for role, text in sections(raw))
