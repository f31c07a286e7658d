"""Step 5 — prompt editor: rewrite a prompt from the feedback into new candidates.

Small local models are poor free-text editors, so by default the model rewrites only the
instruction (the placeholder-free block) while code keeps the scaffold with the placeholders;
a grammar forbids braces in its output, so it cannot drop or invent a placeholder. In 'full'
mode the model rewrites the whole template and each candidate is checked: a missing
placeholder is repaired from the original scaffold, an invented one is rejected. Every
rejection is kept with its reason.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from . import language, metaprompts, relevance, text as textutil
from .engine import Request, Sampling
from .errors import GradSumError
from .messages import Message
from .calls import ModelCalls
from .template import literal_text, parse, placeholders, split_instruction, with_instruction

EDITOR_GRAMMAR = r'''root ::= "{\"instruction\": \"" ic+ "\"}"
ic ::= [^"\\{}\x00-\x1f] | "\\n" | "\\\""
'''
MIN_WIDTH = 8  # display columns: "Be brief" or "简短回答" (a Han character counts two)


@dataclass(frozen=True)
class Proposal:
    parent: str          # parent prompt text
    prompt: str | None   # the candidate prompt, None when nothing usable came out
    instruction: str     # what the model wrote (cleaned)
    ok: bool
    reason: str          # why it was rejected, or a note such as "repaired: ..." (a Message)


def seed_for(parent: str, iteration: int, k: int, base: int) -> int:
    h = hashlib.sha256(f"{parent}\x00{iteration}\x00{k}\x00{base}".encode()).digest()
    return int.from_bytes(h[:4], "little") & 0x7FFFFFFF


def parse_instruction(text: str) -> str:
    try:
        value = json.loads(text).get("instruction", "")
    except (json.JSONDecodeError, AttributeError):
        m = re.search(r'"instruction"\s*:\s*"(.*)', text, re.S)
        value = m.group(1) if m else text
        value = re.sub(r'"\s*}\s*$', "", value).replace("\\n", "\n").replace('\\"', '"')
    return clean(value)


def clean(text: str) -> str:
    t = text.strip().strip('"').strip()
    t = re.sub(r"^(improved |new )?(instruction|prompt)\s*:\s*", "", t, flags=re.I)
    return t.strip()


def propose(calls: ModelCalls, parents: list[tuple[str, str]], n: int, *, task: str, lang: str,
            mode: str, metaprompt: str, iteration: int, seed: int, temperature: float,
            meta_texts: list[str] = (), own_texts: list[str] = (),
            row_terms: frozenset[str] = frozenset()) -> list[Proposal]:
    """parents: (prompt, feedback). n samples per parent, all in one bulk request.
    meta_texts: the run's meta-prompts; own_texts: the user's task, criteria and options
    (core/relevance.py: a candidate may not echo the first or ignore the second); row_terms:
    words of single rows (relevance.row_terms), which an instruction may not name."""
    rule = language.rule(lang)
    requests, owners = [], []
    for prompt, feedback in parents:
        parts = split_instruction(prompt)
        if mode == "instruction":
            messages = metaprompts.build(
                metaprompt, task=task, instruction=parts.instruction or "(no instruction yet)",
                feedback=feedback, language_rule=rule)
            grammar = EDITOR_GRAMMAR
            budget = max(96, 2 * calls.count_tokens("optimizer", parts.instruction) + 64)
        else:
            names = ", ".join("{" + p + "}" for p in placeholders(prompt))
            messages = metaprompts.build(metaprompt, task=task, prompt=prompt, feedback=feedback,
                                             language_rule=rule, placeholder_list=names)
            grammar = None
            budget = max(128, 2 * calls.count_tokens("optimizer", prompt) + 64)
        for k in range(n):
            sampling = Sampling(temperature=temperature, top_p=0.95, max_tokens=budget,
                                seed=seed_for(prompt, iteration, k, seed))
            requests.append(Request(messages, sampling, grammar))
            owners.append(prompt)
    results = calls.complete("optimizer", requests, "editor")
    shots = metaprompts.examples(metaprompt)
    out = []
    for parent, r in zip(owners, results):
        own = [task, parent, *own_texts]
        checks = {"phrases": relevance.meta_phrases(list(meta_texts), own), "own": own,
                  "terms": row_terms}
        if r.finish_reason == "stop":
            out.append(make_candidate(parent, r.text, mode, lang, shots, **checks))
        else:
            out.append(salvage(parent, r.text, r.completion_tokens, mode, lang, shots,
                               **checks))
    return out


def salvage(parent: str, model_text: str, tokens: int, mode: str, lang: str,
            shots: list[str], phrases: set = frozenset(), own: list[str] = (),
            terms: frozenset[str] = frozenset()) -> Proposal:
    """A reply that ran past its token budget: small models (and any model writing in a
    script its tokenizer splits finely, such as Chinese) often say something useful and then
    ramble. In instruction mode its complete, non-repeated sentences are still a candidate,
    held to every other check; a cut-off whole template (full mode) is not."""
    why = Message("unfinished (ran past {tokens} tokens)", tokens=tokens)
    instruction = parse_instruction(model_text)
    kept = textutil.tidy(textutil.complete_part(instruction), 6) if mode == "instruction" else ""
    if not kept:
        return Proposal(parent, None, instruction[:300], False, why)
    prop = instruction_candidate(parent, kept, lang, shots, phrases, own, terms)
    if not prop.ok:  # show the sentences that were judged, so the reason fits the text
        return Proposal(parent, None, kept, False, Message(
            "unfinished (ran past {tokens} tokens); its complete sentences: {reason}",
            tokens=tokens, reason=prop.reason))
    return Proposal(parent, prop.prompt, kept, True, Message(
        "unfinished (ran past {tokens} tokens): kept its complete sentences", tokens=tokens))


def copies(text: str, shots: list[str]) -> bool:
    """True when a candidate is mostly a copy of a meta-prompt example (tiny models do that)."""
    words = text.lower().split()
    return any(SequenceMatcher(None, words, parse_instruction(s).lower().split()).ratio() > 0.6
               for s in shots)


def instruction_candidate(parent: str, instruction: str, lang: str,
                          shots: list[str] = (), phrases: set = frozenset(),
                          own: list[str] = (), terms: frozenset[str] = frozenset()
                          ) -> Proposal:
    """The parent's scaffold with a new instruction, or the reason it is rejected."""
    parts = split_instruction(parent)
    why = _reject_instruction(instruction, parts.instruction, lang)
    if not why and copies(instruction, list(shots)):
        why = Message("copies the meta-prompt's example")
    if not why:
        why = _reject_relevance(instruction, phrases, own, lang, terms)
    label = relevance.copied_label(instruction, relevance.scaffold_labels(parent))
    if not why and label:
        why = Message("writes the prompt's data label '{label}:' inside the instruction",
                      label=label)
    if why:
        return Proposal(parent, None, instruction, False, why)
    return Proposal(parent, with_instruction(parts, instruction), instruction, True, "")


def make_candidate(parent: str, model_text: str, mode: str, lang: str,
                   shots: list[str] = (), phrases: set = frozenset(),
                   own: list[str] = (), terms: frozenset[str] = frozenset()) -> Proposal:
    if mode == "instruction":
        return instruction_candidate(parent, parse_instruction(model_text), lang, shots,
                                     phrases, own, terms)
    prop = check_full(parent, model_text.strip(), lang)
    if prop.ok and copies(prop.instruction, list(shots)):
        return Proposal(parent, None, prop.instruction, False,
                        Message("copies the meta-prompt's example"))
    why = _reject_relevance(prop.instruction, phrases, own, lang, terms) if prop.ok else ""
    return Proposal(parent, None, prop.instruction, False, why) if why else prop


def _reject_relevance(instruction: str, phrases: set, own: list[str], lang: str,
                      terms: frozenset[str] = frozenset()) -> str:
    leaked = relevance.leaked_meta_text(instruction, phrases)
    if leaked:
        return Message("repeats the optimizer's own instructions ('{text}')", text=leaked)
    if own and relevance.off_topic(instruction, list(own)):
        return Message("shares no word with the task, the criteria or the prompt")
    aside = relevance.off_topic_sentence(instruction, list(own)) if own else None
    if aside:
        return Message("has a sentence unrelated to the task ('{text}')", text=aside[:60])
    again = relevance.repeated_sentence(instruction)
    if again:
        return Message("says the same sentence twice ('{text}')", text=again[:60])
    loop = relevance.stutter(instruction)
    if loop and not any(loop.lower() in o.lower() for o in own):  # the user's own is theirs
        return Message("repeats itself ('{text}')", text=loop[:60])
    frame = relevance.frame_words(instruction, list(own), lang)
    if len(frame) >= 2:
        return Message("talks about the optimization, not the task ({words})",
                       words=", ".join(frame))
    named = relevance.row_content(instruction, terms)
    if len(named) >= relevance.ROW_TERMS:
        return Message("names what single rows contain, not the task ({words})",
                       words=", ".join(named[:4]))
    return ""


def _reject_instruction(new: str, old: str, lang: str) -> str:
    if textutil.display_width(new) < MIN_WIDTH:
        return Message("empty or too short")
    if new.strip() == old.strip():
        return Message("unchanged")
    if not language.same_language(new, lang):
        return Message("not written in {language}", language=lang)
    if len(new) > max(1500, 4 * len(old)):
        return Message("too long (more than 4x the current instruction)")
    return ""


def check_full(parent: str, text: str, lang: str) -> Proposal:
    """Validate a whole rewritten template: repair missing placeholders, reject invented ones."""
    text = re.sub(r"^```\w*\n|\n```$", "", text).strip()
    try:
        got = placeholders(text)
    except GradSumError as e:
        return Proposal(parent, None, text, False,
                        Message("not a valid template: {error}", error=e.message))
    want = placeholders(parent)
    invented = [p for p in got if p not in want]
    if invented:
        return Proposal(parent, None, text, False, Message(
            "invents placeholder(s) {names}", names=", ".join("{" + p + "}" for p in invented)))
    missing = [p for p in want if p not in got]
    note = ""
    if missing:
        lines = [ln for ln in parent.split("\n")
                 if any(pc.is_placeholder and pc.text in missing for pc in parse(ln))]
        text = text.rstrip() + "\n" + "\n".join(lines)
        note = Message("repaired: re-added {names}",
                       names=", ".join("{" + p + "}" for p in missing))
    if textutil.display_width(text) < MIN_WIDTH or text.strip() == parent.strip():
        return Proposal(parent, None, text, False, Message("empty or unchanged"))
    if not language.same_language(split_instruction(text).instruction or literal_text(text),
                                  lang):
        return Proposal(parent, None, text, False, Message("not written in {language}",
                                                            language=lang))
    return Proposal(parent, text, split_instruction(text).instruction, True, note)
