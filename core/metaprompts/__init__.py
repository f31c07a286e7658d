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


def sections(raw: str) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    current = None
    for line in raw.splitlines():
        tag = line.strip()
        if tag in ("[system]", "[user]"):
            current = tag[1:-1]
            out[current] = []
        elif current:
            out[current].append(line)
    return {k: "\n".join(v).strip() for k, v in out.items()}


def build(raw: str, **values: str) -> tuple[str | None, str]:
    """(system, user) with the values filled in."""
    parts = sections(raw)
    system = parts.get("system")
    user = parts["user"]
    sys_text = render(system, {k: values[k] for k in placeholders(system)}) if system else None
    return sys_text, render(user, {k: values[k] for k in placeholders(user)})
