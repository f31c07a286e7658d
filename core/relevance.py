"""Is a candidate instruction about the task, and in its own words?

Two failures of small optimizer models that the language check cannot see:
- meta-text: the model echoes our own meta-prompts ("…the prompt should change to", "Edit the
  instruction…") into the candidate, which the task model then reads as its instruction;
- off-topic: an instruction about something else entirely ("Edit the JSON data using Jsonp")
  for a task about causal judgement.
Both are caught by word overlap, which needs no model: a candidate may not contain a run of
four words that appears in a meta-prompt but nowhere in the user's own texts; and a candidate
of five or more content words, and each such sentence of it, must share at least one with
the task, criteria or prompt.
Two more marks of text no person would ship, seen in benchmark runs ("This answer requires
editing and improvement based on feedback from multiple users." twice over):
- a sentence that nearly repeats an earlier one, a word or a six-word run written twice, an
  empty list item (small models loop);
- the optimizer's own frame: the task model never sees feedback, iterations or candidates, so
  an instruction that talks about them (two or more such words the user's texts do not use)
  came from the search, not from the task.
And one mark of an instruction fitted to single rows, which GRAD-SUM's summary exists to
prevent but a small editor still writes ("…a single animal table option, … a single musical
instrument such as the piano…", "…false by common myths about Jonas Valanciunas."): two or
more words that only some rows of the data use and the user's texts do not (row_terms).
"""
from __future__ import annotations

import re
from collections import Counter

from .template import split_instruction

N = 4
MIN_CONTENT = 5  # shorter instructions ("Reply with one word.") are judged by their score
STOP = frozenset("""a an and are as at be by do does for from give how if in into is it its
of on or so such than that the their them then there these this to was what when which who
why will with without write you your yes no not only one answer question reply each every
all any be make use using should must can""".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")
_SENTENCE = re.compile(r"[^.!?。！？\n]+")
REPEAT_OVERLAP = 0.7  # share of distinct words two sentences have in common
ROW_SHARE = 0.5  # a word in at least half the rows is the data's frame ("have", "many")
ROW_TERMS = 2    # one such word can be a general one ("single"); two name rows' content
FRAME = {  # words of the optimization, not of any task (per prompt language)
    "English": frozenset("""feedback iteration iterations prompt prompts gradient gradients
        candidate candidates optimizer optimization optimize editing edited rewrite rewritten
        rework reword rephrase instruction instructions improvement improvements model
        models""".split()),
    "Chinese": ("反馈", "迭代", "提示词", "梯度", "候选", "优化器", "改写", "模型"),
}


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def ngrams(text: str, n: int = N) -> set[tuple[str, ...]]:
    w = words(re.sub(r"\{[^{}]*\}", " ", text))  # placeholders are not words
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def meta_phrases(meta_texts: list[str], own_texts: list[str]) -> set[tuple[str, ...]]:
    """Word runs of our meta-prompts that the user's texts (task, criteria, prompt) do not
    also use: those in a candidate came from us, not from the task."""
    meta = set().union(*(ngrams(t) for t in meta_texts)) if meta_texts else set()
    own = set().union(*(ngrams(t) for t in own_texts)) if own_texts else set()
    return meta - own


def leaked_meta_text(candidate: str, phrases: set[tuple[str, ...]]) -> str | None:
    """The first meta-prompt phrase the candidate contains, or None."""
    for gram in sorted(ngrams(candidate)):
        if gram in phrases:
            return " ".join(gram)
    return None


def _stem(word: str) -> str:
    return word[:5]  # 'counting'/'count', 'answers'/'answer': close enough for overlap


def _content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP and len(w) > 2]


def content(text: str) -> set[str]:
    return {_stem(w) for w in _content_words(text)}


def says_enough(text: str) -> bool:
    """Whether a text can stand as an instruction by itself: three content words, or six Han
    characters ("Correct." cannot)."""
    return len(_HAN.findall(text)) >= 6 or len(content(text)) >= 3


# words of a grader's rule ("Score 1 if the answer matches", "1 point when", "得1分"): such
# criteria tell a judge how to mark, and as the task model's instruction they read as nonsense
_SCORING = re.compile(
    r"\b(?:scores?|scored|scoring|points?|grades?|graded|grading|judges?|judged)\b"
    r"|\b[01]\s*(?:if|when|otherwise|else|or\b|/)|得分|评分|打分|给分|计分|分数|[01]\s*分",
    re.IGNORECASE)


def reads_as_scoring(text: str) -> bool:
    """Whether criteria are written as a grader's rule rather than as what a right answer
    looks like."""
    return bool(_SCORING.search(text))


def off_topic(candidate: str, own_texts: list[str]) -> bool:
    """True when a substantial candidate shares no content word (for Chinese: no Han
    character) with the task, criteria, prompt or options."""
    return _off_topic(candidate, _Own(own_texts))


def off_topic_sentence(candidate: str, own_texts: list[str]) -> str | None:
    """The first substantial sentence that is off topic by the same rule, or None: a small
    editor pads a sensible instruction with a fact about something else ("Python's built-in
    random module is not a programming language."), which can move a tiny task model's score
    but is not an instruction anyone would ship."""
    own = _Own(own_texts)
    for part in _SENTENCE.findall(candidate):
        if _off_topic(part, own):
            return part.strip()
    return None


class _Own:
    """The user's texts as the topic check compares them: their Han characters and content
    words, each computed once."""
    def __init__(self, texts: list[str]):
        self.han = set().union(*(set(_HAN.findall(t)) for t in texts))
        self.words = set().union(*(content(t) for t in texts))


def _off_topic(candidate: str, own: _Own) -> bool:
    han = set(_HAN.findall(candidate))
    if len(han) >= 8:
        return not (han & own.han)
    cand = content(candidate)
    return len(cand) >= MIN_CONTENT and not (cand & own.words)


def _tokens(sentence: str) -> set[str]:
    han = _HAN.findall(sentence)
    return set(han) if len(han) >= len(sentence) / 3 else set(words(sentence))


def repeated_sentence(text: str) -> str | None:
    """A sentence that shares most of its words with an earlier one, or None."""
    seen: list[set[str]] = []
    for part in _SENTENCE.findall(text):
        toks = _tokens(part)
        if len(toks) < 4:
            continue
        for earlier in seen:
            if len(toks & earlier) >= REPEAT_OVERLAP * len(toks | earlier):
                return part.strip()
        seen.append(toks)
    return None


_DOUBLED = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})[\s,;]+\1(?![^\W\d_])", re.I)
_EMPTY_ITEM = re.compile(r"(?<![\w.])\d+[.)]\s+\d+[.)](?=\s|$)")
RUN = 6  # words: a run this long written twice is a loop, not emphasis


def stutter(text: str) -> str | None:
    """Text a small model wrote while looping, which no person would ship: a word twice in
    a row ("correct, correct"), an empty list item ("1. 2. The sentence…"), or a run of six
    words written twice ("The answer must meet the criteria of … The answer must meet the
    criteria of"). Returns the fragment, or None. Latin-script words only: Chinese repeats
    characters in ordinary words (看看)."""
    for pattern in (_DOUBLED, _EMPTY_ITEM):
        m = pattern.search(text)
        if m:
            return m.group(0)
    w = words(text)
    seen: set[tuple[str, ...]] = set()
    for i in range(len(w) - RUN + 1):
        run = tuple(w[i:i + RUN])
        if run in seen:
            return " ".join(run)
        seen.add(run)
    return None


_LABEL = re.compile(r"^\s*([^\W\d_][^\W_]*(?: [^\W\d_][^\W_]*){0,2})\s*[:：]", re.M)


def scaffold_labels(template: str) -> set[str]:
    """The labels of a prompt's data part ("Question", "Options", "Answer" in
    "Question: {question}")."""
    parts = split_instruction(template)
    return {m.group(1) for m in _LABEL.finditer(parts.head + "\n" + parts.tail)}


def copied_label(candidate: str, labels: set[str]) -> str | None:
    """A label of the data part written inside the instruction with text after it ("Answer:
    Your answer is correct"): a small editor imitating the scaffold, not an instruction."""
    for label in sorted(labels):
        if re.search(rf"(?<!\w){re.escape(label)}\s*[:：]\s*\w", candidate):
            return label
    return None


def frame_words(candidate: str, own_texts: list[str], lang: str) -> list[str]:
    """The optimizer's words in a candidate that the user's own texts do not use."""
    frame = FRAME.get(lang)
    if not frame:
        return []
    if lang == "Chinese":
        own = "".join(own_texts)
        return [w for w in frame if w in candidate and w not in own]
    own = set().union(*(set(words(t)) for t in own_texts)) if own_texts else set()
    return sorted({w for w in words(candidate) if w in frame and w not in own})


def row_terms(values: list[str], own_texts: list[str]) -> frozenset[str]:
    """The content words (stems, Latin script) that some rows' values use, fewer than half of
    them, and the user's texts do not: the names, objects and facts of single rows."""
    counts = Counter(w for v in values for w in content(v))
    own = set().union(*(content(t) for t in own_texts)) if own_texts else set()
    limit = ROW_SHARE * len(values)
    return frozenset(w for w, c in counts.items() if c < limit and w not in own)


def row_content(candidate: str, terms: frozenset[str]) -> list[str]:
    """The candidate's words that are rows' content (row_terms), in order, each once."""
    found = [w for w in _content_words(re.sub(r"\{[^{}]*\}", " ", candidate))
             if _stem(w) in terms]
    return list(dict.fromkeys(found))
