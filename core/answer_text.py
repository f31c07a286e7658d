"""How an answer is compared with an expected one or an option: case-, width- and
whitespace-insensitive, surrounding punctuation dropped. Shared by the metrics, the options of
a closed answer set, the per-label figures and the forced-answer signal."""
from __future__ import annotations

import re
import unicodedata

_PUNCT_EDGES = " \t\r\n\"'`.,;:!?()[]<>*_。，；：！？「」『』（）【】"


def normalize(text: str) -> str:
    """Case-, width- and whitespace-insensitive form; surrounding punctuation dropped."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = re.sub(r"\s+", " ", t)
    return t.strip(_PUNCT_EDGES)
