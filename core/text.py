"""Clean-up of free text from small models, which often loop on one sentence."""
from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")


def sentences(text: str) -> list[str]:
    return [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]


def tidy(text: str, max_sentences: int) -> str:
    """Drop repeated sentences and keep the first few: a looping reply becomes its content."""
    seen, keep = set(), []
    for s in sentences(text):
        norm = re.sub(r"\W+", " ", s.lower()).strip()
        if norm and norm not in seen:
            seen.add(norm)
            keep.append(s)
        if len(keep) == max_sentences:
            break
    out = ""
    for s in keep:  # Chinese sentences join without a space
        out += s if not out or out[-1] in "。！？" else " " + s
    return out
