"""Which language a prompt is written in, so optimized prompts stay in it."""
from __future__ import annotations

import unicodedata

from .template import literal_text

_SCRIPTS = {  # script prefix of unicodedata.name -> language name for the meta-prompts
    "CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean",
    "CYRILLIC": "Russian", "ARABIC": "Arabic", "GREEK": "Greek", "HEBREW": "Hebrew",
    "THAI": "Thai", "DEVANAGARI": "Hindi",
}


def letters_by_script(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        script = next((s for s in _SCRIPTS if name.startswith(s)), "LATIN")
        counts[script] = counts.get(script, 0) + 1
    return counts


def cjk_share(text: str) -> float:
    """Share of letters that are Han characters (a Chinese sentence scores near 1)."""
    counts = letters_by_script(text)
    total = sum(counts.values())
    return counts.get("CJK", 0) / total if total else 0.0


def detect(text: str) -> str:
    counts = letters_by_script(text)
    if not counts:
        return "English"
    if counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0) > 0:
        return "Japanese"
    script = max(counts, key=counts.get)
    return _SCRIPTS.get(script, "English")


def of_prompt(template: str, task: str = "") -> str:
    """The language the optimizer must keep: that of the template's own words (not its
    placeholder names), or of the task description when the template has none."""
    words = literal_text(template)
    return detect(words if letters_by_script(words) else task)


def rule(language: str) -> str:
    if language == "Chinese":
        return "Write in Chinese (简体中文), the language of the prompt."
    return f"Write in {language}, the language of the prompt."


def same_language(candidate: str, language: str) -> bool:
    """A Chinese prompt's candidate must be mostly Han characters; others mostly not."""
    counts = letters_by_script(candidate)
    total = sum(counts.values())
    if not total:
        return False
    if language in ("Chinese", "Japanese"):
        return (counts.get("CJK", 0) + counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)) / total >= 0.5
    if language == "English":
        return counts.get("LATIN", 0) / total >= 0.8
    return detect(candidate) == language
