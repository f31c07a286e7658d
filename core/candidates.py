"""Candidate making, beside the editor: every prompt the search scores besides the user's
own comes from here, recorded with its origin (and, when rejected, its reason).

- code-written starting candidates: the answer-format rule (core/choices.py), solved
  training rows (core/demos.py), and the user's own words: the task description, the task
  description with the criteria, and the criteria alone, as the instruction (no model
  involved, so they read as the user wrote them);
- the editor's children (core/editor.py), with the parent's code-written parts taken out
  before editing and put back after;
- pruned winners: a winner with one of its sentences, or one phrase a sentence sets off
  with a comma, dropped (core/search.py keeps each drop that is not worse than the winner on the
  validation rows beyond chance).
"""
from __future__ import annotations

from typing import Callable

from . import choices, demos, language, relevance, text as textutil
from .calls import ModelCalls
from .editor import Proposal, propose
from .messages import Message
from .origins import Origin
from .progress import Notice, ProgressCallback
from .settings import ProjectSettings, RunConfig
from .store import Store, prompt_key
from .template import split_instruction, with_instruction

REPHRASE = ("Rewrite the instruction in other words so that the reader knows exactly what to do "
            "and what a correct answer looks like. Keep its meaning.")


def join_sentences(parts: list[str]) -> str:
    """Sentences back into one text (Chinese sentences join without a space)."""
    out = ""
    for s in parts:
        s = s.strip()
        if not s:
            continue
        if out and out[-1] not in ".!?:。！？：":
            out += "。" if language.cjk_share(out) > 0.5 else "."
        out += s if not out or out[-1] in "。！？：" else " " + s
    return out


def with_format_rule(prompt: str, rule: str | None) -> str | None:
    """The prompt with code's answer-format rule (choices.format_rule), when the answers are
    a closed set and the prompt does not already say it; else None."""
    parts = split_instruction(prompt)
    if not rule or rule in parts.instruction:
        return None
    return with_instruction(parts, choices.with_rule(parts.instruction, rule))


class Candidates:
    def __init__(self, store: Store, calls: ModelCalls, run_id: int, settings: ProjectSettings,
                 config: RunConfig, meta: dict[str, str], lang: str,
                 options: dict[int, tuple[str, ...] | None], progress: ProgressCallback,
                 row_values: list[str] = ()):
        self.store, self.calls, self.run_id = store, calls, run_id
        self.settings, self.config, self.meta, self.lang = settings, config, meta, lang
        self.options = options
        self.progress = progress
        self.rule = choices.format_rule(options, lang) if config.format_rule else None
        self.demo_of: dict[str, str] = {}  # prompt key -> its demonstrations
        self.seq = max((c["seq"] or 0 for c in store.candidates(run_id)), default=0)
        # words of single rows (the rows' values the search sees), not of the user's texts
        self.row_terms = relevance.row_terms(
            list(row_values), [settings.task, settings.criteria, settings.template,
                               *self.option_words()])

    # --- the record ---------------------------------------------------------------------------
    def add(self, prompt: str | None, *, iteration: int, parent: str | None, origin: Origin,
            proposal: Proposal | None = None) -> str:
        text = prompt if prompt is not None else (proposal.instruction if proposal else "")
        key = prompt_key(("" if prompt is not None else "rejected:") + text)
        if self.store.candidate(self.run_id, key):
            return key  # the same prompt proposed again: keep its first record
        self.seq += 1
        ok = prompt is not None
        self.store.save("candidates", {
            "run_id": self.run_id, "key": key, "iteration": iteration,
            "parent_key": prompt_key(parent) if parent else None, "prompt": text,
            "instruction": proposal.instruction if proposal else None, "origin": origin,
            "status": "ok" if ok else "rejected", "reason": proposal.reason if proposal else "",
            "tokens": self.calls.count_tokens("task", text) if ok else None, "seq": self.seq,
        })
        return key

    # --- code-written starting candidates ----------------------------------------------------
    def with_format_rule(self, prompt: str) -> str | None:
        return with_format_rule(prompt, self.rule)

    def with_demos(self, prompt: str, rows: list[tuple[dict, str]]) -> str | None:
        """The prompt with solved training rows after its instruction."""
        if not rows or not demos.usable(prompt):
            return None
        text = demos.block(prompt, rows, self.settings.mapping, self.lang)
        shown = demos.insert(prompt, text)
        self.demo_of[prompt_key(shown)] = text
        return shown

    def own_words(self, initial: str) -> list[str]:
        """The user's task description, the description with the criteria, and the criteria
        alone, as the instruction of the starting prompt's scaffold, each also with the format
        rule where the answers are a closed set. Taken literally; a text not in the prompt's
        language is left out (a Chinese prompt with an English description gets none).

        The criteria alone: they say what a right answer looks like ("The answer is exactly
        one of the options, the right total."), which a small model can follow better than
        the description of the work. On counting_choice they scored 25.5% on all 200 rows
        against the start's 16.0% (+9.5% [+3.0%, +16.5%]), while the description scored 9.0%.
        Only criteria that say something by themselves: "Correct." would read as nonsense; and
        none written as a grader's rule ("Score 1 if the answer matches the key."), which tells
        a judge how to mark, not the task model what to do."""
        s = self.settings
        parts = split_instruction(initial)
        texts = [s.task.strip()]
        if s.criteria.strip() and not relevance.reads_as_scoring(s.criteria):
            texts.append(join_sentences([s.task, s.criteria]))
            if relevance.says_enough(s.criteria):
                texts.append(s.criteria.strip())
        out: list[str] = []
        for t in texts:
            if not t or t == parts.instruction or not language.same_language(t, self.lang):
                continue
            plain = with_instruction(parts, t)
            out.append(plain)
            ruled = self.with_format_rule(plain)
            if ruled:
                out.append(ruled)
        return list(dict.fromkeys(p for p in out if p != initial))

    # --- the editor ----------------------------------------------------------------------------
    def edit(self, parents: list[tuple[str, str]], n: int, it: int) -> list[Proposal]:
        """Step 5 for (prompt, feedback) pairs: n proposals per parent, in order, each with its
        parent's code-written parts back in place and held to the run's checks."""
        cfg, s = self.config, self.settings
        owned = [self.code_parts(p) for p, _ in parents]
        props = propose(self.calls, [(bare, fb) for (bare, _, _), (_, fb) in zip(owned, parents)],
                        n, task=s.task, lang=self.lang, mode=cfg.editor_mode,
                        metaprompt=self.meta["editor" if cfg.editor_mode == "instruction"
                                             else "editor_full"],
                        iteration=it, seed=cfg.seed, temperature=cfg.edit_temperature,
                        meta_texts=list(self.meta.values()),
                        own_texts=[s.criteria, *self.option_words()],
                        row_terms=self.row_terms)
        return [self.restore_parts(prop, parents[i // n][0], *owned[i // n][1:])
                for i, prop in enumerate(props)]

    def rephrasings(self, initial: str, n: int, known: Callable[[str], bool]) -> list[str]:
        """Up to n rewrites of the starting instruction by the editor, so that the first
        iteration already searches from a beam of different prompts."""
        return self.keep(self.edit([(initial, REPHRASE)], n, 0), 0, Origin.REPHRASE, known)

    def keep(self, proposals: list[Proposal], it: int, origin: Origin,
             known: Callable[[str], bool], usable: list[str] | None = None) -> list[str]:
        """Records every proposal (the rejected ones with their reason); returns the new
        usable prompts."""
        usable = [] if usable is None else usable
        for prop in proposals:
            if prop.ok and (known(prop.prompt) or prop.prompt in usable):
                prop = Proposal(prop.parent, None, prop.instruction, False, Message("duplicate"))
            self.add(prop.prompt, iteration=it, parent=prop.parent, origin=origin,
                     proposal=prop)
            if prop.ok:
                usable.append(prop.prompt)
            else:
                self.progress(Notice(Message("candidate rejected ({reason}): {text!r}",
                                             reason=prop.reason, text=prop.instruction[:80]),
                                     "warning"))
        return usable

    def option_words(self) -> list[str]:
        """The answers the rows allow (a closed set): words a candidate may rightly use."""
        return sorted({o for opts in self.options.values() if opts for o in opts})[:200]

    # --- the parts code wrote ---------------------------------------------------------------
    def code_parts(self, prompt: str) -> tuple[str, str | None, bool]:
        """(the prompt without the parts code wrote, its demonstrations, whether it has the
        answer-format rule)."""
        shown = self.demo_of.get(prompt_key(prompt))
        bare = demos.remove(prompt, shown) if shown else prompt
        parts = split_instruction(bare)
        ruled = bool(self.rule) and self.rule in parts.instruction
        if ruled:
            bare = with_instruction(parts, choices.without_rule(parts.instruction, self.rule))
        return bare, shown, ruled

    def restore(self, bare: str, shown: str | None, ruled: bool) -> str:
        """A prompt with code-written parts put back (the inverse of code_parts)."""
        if ruled:
            parts = split_instruction(bare)
            if self.rule not in parts.instruction:
                bare = with_instruction(parts, choices.with_rule(parts.instruction, self.rule))
        if shown:
            bare = demos.insert(bare, shown)
            self.demo_of[prompt_key(bare)] = shown
        return bare

    def restore_parts(self, prop: Proposal, parent: str, shown: str | None,
                      ruled: bool) -> Proposal:
        if not prop.ok:
            return Proposal(parent, None, prop.instruction, False, prop.reason)
        return Proposal(parent, self.restore(prop.prompt, shown, ruled), prop.instruction, True,
                        prop.reason)

    # --- pruning ------------------------------------------------------------------------------
    def without_part(self, prompt: str, drop: int) -> tuple[str | None, int]:
        """The prompt with part `drop` of its own instruction left out (None when that part
        must stay), and how many parts the instruction has. The parts, in reading order: each
        sentence, then each phrase it sets off after a comma ("…, and to meet criteria that …",
        "…, not two"), so a sound main clause keeps its place when only its tail is junk. The
        only sentence and a sentence's main clause are never dropped on their own; nor are
        placeholders, the format rule or demonstrations."""
        bare, shown, ruled = self.code_parts(prompt)
        parts = split_instruction(bare)
        sents = textutil.sentences(parts.instruction)
        split = [textutil.phrases(sent) for sent in sents]
        pieces = [(i, j) for i, (phr, _) in enumerate(split) for j in range(len(phr))]
        if drop >= len(pieces):
            return None, len(pieces)
        i, j = pieces[drop]
        if j == 0:
            if len(sents) < 2:
                return None, len(pieces)
            kept = sents[:i] + sents[i + 1:]
        else:
            phr, mark = split[i]
            kept = sents[:i] + ["".join(sep + c for sep, c in phr[:j] + phr[j + 1:]) + mark] + \
                sents[i + 1:]
        return self.restore(with_instruction(parts, join_sentences(kept)), shown, ruled), \
            len(pieces)
