"""Clean-up of free text from small models, which often loop on one sentence."""
from __future__ import annotations

import re
import unicodedata

_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")


def sentences(text: str) -> list[str]:
    return [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()]


# the phrases a sentence sets off with commas: what comes after the first can go while the
# sentence still says its main thing ("…, and to meet …", "… the options, not two",
# "…，而且…"), as GrIPS's delete edit drops phrases, not only sentences
_COMMA = re.compile(r"(,\s+|，)")
# a sentence that opens with a subordinate clause has its main clause after the comma ("If
# the sentence is odd, answer implausible."): its phrases stay together
_SUBORDINATE = re.compile(r"^\s*(?:(?:if|when|whenever|while|because|since|although|though|"
                          r"unless|once|after|before|as)\b|如果|假如|若|当|因为|虽然|尽管|除非|一旦)",
                          re.IGNORECASE)
_END_MARK = re.compile(r"[.!?。！？]+$")


def phrases(sentence: str) -> tuple[list[tuple[str, str]], str]:
    """A sentence as (separator, phrase) pairs, the main clause first (separator ''), each
    later one a phrase set off after a comma; and the sentence's end mark."""
    end = _END_MARK.search(sentence)
    mark = end.group() if end else ""
    body = sentence[:len(sentence) - len(mark)]
    if _SUBORDINATE.match(body):
        return [("", body)], mark
    bits = _COMMA.split(body)
    return [("", bits[0])] + list(zip(bits[1::2], bits[2::2])), mark


def complete_part(text: str) -> str:
    """The text up to its last sentence end: what is left of a reply cut off mid-sentence."""
    text = text.replace("\ufffd", "")  # a multi-byte character split by the token limit
    ends = [m.end() for m in re.finditer(r"[.!?。！？](?=\s|$)|[。！？]", text)]
    return text[:ends[-1]].strip() if ends else ""


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


def display_width(text: str) -> int:
    """Columns the text takes on screen: Chinese, Japanese and Korean characters are two wide,
    so 10 Han characters say about as much as 20 Latin letters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int, mark: str = "…") -> str:
    """Cut text to at most `width` display columns (mark included), on one line."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    out, used = [], display_width(mark)
    for ch in text:
        w = display_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + mark
