"""Few-shot demonstrations: training rows with their expected answers, written into the prompt.

A weak optimizer model rarely writes a better instruction, but a few solved examples help a
small task model on their own. A demonstration is the template's own data part filled with a
training row, then the expected answer: exactly what the task model will see for a real row,
answered. The block goes between the instruction and the data, as literal text (braces
escaped), so the exported prompt carries it and its placeholders stay intact. Only training
rows are ever used: validation and test rows must stay unseen.

The editor rewrites instructions, not examples: before editing, the block is taken out of the
parent's instruction, and put back into each child, so a line of search keeps its examples.
"""
from __future__ import annotations

import random

from .generation import row_values
from .template import render, split_instruction, with_instruction

HEADERS = {"Chinese": "示例：", "Japanese": "例："}
DEFAULT_HEADER = "Examples:"


def usable(template: str) -> bool:
    """Demonstrations fit a template whose instruction comes before its data."""
    split = split_instruction(template)
    return not split.head and bool(split.tail.strip())


def block(template: str, rows: list[tuple[dict, str]], mapping: dict[str, str],
          lang: str) -> str:
    """The demonstrations as plain text (no placeholders, braces as the user will see them)."""
    data_part = split_instruction(template).tail.strip("\n")
    shots = [render(data_part, row_values(row, mapping)).rstrip() + " " + answer.strip()
             for row, answer in rows]
    return HEADERS.get(lang, DEFAULT_HEADER) + "\n" + "\n\n".join(shots)


def pick(train_ids: list[int], k: int, seed: int) -> list[int]:
    return sorted(random.Random(seed * 7919 + k).sample(train_ids, min(k, len(train_ids))))


def insert(prompt: str, demos: str) -> str:
    """The prompt with the demonstrations after its instruction."""
    split = split_instruction(prompt)
    instruction = split.instruction.strip()
    text = (instruction + "\n\n" + demos) if instruction else demos
    return with_instruction(split, text)


def remove(prompt: str, demos: str) -> str:
    """The prompt without its demonstrations (what the editor gets to rewrite)."""
    split = split_instruction(prompt)
    return with_instruction(split, split.instruction.replace(demos, "").strip())
