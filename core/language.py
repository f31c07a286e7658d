"""Which language a prompt is written in, so optimized prompts stay in it.

The script (Han, Cyrillic, Latin…) comes from the characters; within a script, the language
comes from py3langid, a language identifier for 97 languages whose model ships inside its
0.75 MB wheel (offline, numpy only). That is what tells French from English: both are Latin
letters, and a small optimizer model drifts into French on an English prompt.
"""
from __future__ import annotations

import functools
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


# py3langid's codes for the Latin-script languages we name; others are named by their code
_LATIN_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish",
                "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish",
                "da": "Danish", "no": "Norwegian", "fi": "Finnish", "pl": "Polish",
                "cs": "Czech", "tr": "Turkish", "id": "Indonesian", "vi": "Vietnamese",
                "ro": "Romanian", "hu": "Hungarian"}
CONFIDENT = 0.9  # below this the identifier is guessing (very short or mixed text)


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=4096)
def identify(text: str) -> tuple[str, float]:
    """(language code, probability) of a Latin-script text."""
    code, prob = _identifier().classify(text)
    return code, float(prob)


def latin_language(text: str) -> str | None:
    """The language of a Latin-script text when the identifier is sure of it, else None
    (also for fewer than four words: on so little it is often sure and wrong)."""
    if len(text.split()) < 4:
        return None
    code, prob = identify(text)
    return _LATIN_NAMES.get(code, code) if prob >= CONFIDENT else None


def detect(text: str) -> str:
    counts = letters_by_script(text)
    if not counts:
        return "English"
    if counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0) > 0:
        return "Japanese"
    script = max(counts, key=counts.get)
    if script == "LATIN":
        return latin_language(text) or "English"
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
    if language in _SCRIPTS.values():
        return detect(candidate) == language
    # a Latin-script language: mostly Latin letters, and not surely another language
    if counts.get("LATIN", 0) / total < 0.8:
        return False
    found = latin_language(candidate)
    return found is None or found == language
