"""The GRAD-SUM search loop: beam search over prompts, driving the five modules.

Every step is a pure function of the run's config, the data and the model replies, and every
model reply is cached in the store. So resuming a run means running it again from the start:
finished calls come back from the cache in milliseconds, records are upserted on their natural
keys, and the loop continues where it stopped. One mechanism covers cancel, crash and restart.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass

from . import choices, demos, language, outcome, selection
from .budget import Budget, Limits
from .editor import Proposal, propose
from .engine import CancelToken, Engine
from .errors import BudgetExceeded, Cancelled, GradSumError
from .evaluation import Evaluation, Item, evaluate
from .generation import describe_input, generate
from .gradients import Failure, gradients
from .messages import Message
from .calls import ModelCalls
from .progress import Notice, ProgressCallback, ignore
from .settings import ProjectSettings, RunConfig
from .store import Store, prompt_key
from .summary import summarize
from .template import split_instruction, with_instruction

NO_FEEDBACK = "Make the instruction clearer and more specific about what a correct answer is."
REPHRASE = ("Rewrite the instruction in other words so that the reader knows exactly what to do "
            "and what a correct answer looks like. Keep its meaning.")


@dataclass
class Scored:
    prompt: str
    key: str
    val: float
    adjusted: float
    seq: int
    full: bool = True  # scored on every validation row (False: dropped early by halving)
    rows: tuple[float, ...] = ()  # per validation row, in the split's order (paired tests)


class Search:
    def __init__(self, store: Store, engines: dict[str, Engine], run_id: int,
                 cancel: CancelToken | None = None, progress: ProgressCallback = ignore):
        self.store = store
        self.run_id = run_id
        run = store.run(run_id)
        self.config = RunConfig.from_dict(run["config"])
        self.splits = run["config"]["splits"]
        self.meta = run["metaprompts"]
        self.settings = ProjectSettings.from_dict(store.settings())
        self.lang = language.of_prompt(self.settings.template, self.settings.task)
        self.progress = progress
        cfg = self.config
        cancel = cancel or CancelToken()
        self.budget = Budget(Limits(cfg.max_calls, cfg.max_tokens, cfg.max_wall_s),
                             prior_active_s=run["active_s"] or 0.0, paused_s=cancel.paused_s)
        # the user's edits of a branched run: summaries and candidates that replace or join
        # the model's at a given iteration (see project.branch_run)
        edits = run["config"].get("edits") or {}
        self.edited_summaries = {(e["iteration"], prompt_key(e["parent"])): e["text"]
                                 for e in edits.get("summaries", [])}
        self.user_candidates = edits.get("candidates", [])
        self.calls = ModelCalls(store, engines, self.budget, cancel, progress, run_id,
                       expected_requests=run["config"].get("estimate", {}).get("typical"),
                       use_cache=self.config.use_cache)
        ids = self.splits["train"] + self.splits["val"] + self.splits["test"]
        self.rows = store.rows(ids)
        self.options = choices.row_options(self.rows, self.settings.options_column)
        self.rule = choices.format_rule(self.options, self.lang) if self.config.format_rule \
            else None
        self.seq = max((c["seq"] or 0 for c in store.candidates(run_id)), default=0)
        self.scored: dict[str, Scored] = {}
        self.decisions: list[dict] = []  # every challenge of the incumbent, with its test
        self.demo_of: dict[str, str] = {}  # prompt key -> its demonstrations (core/demos.py)
        self.reported_overflow: set[int] = set()

    # --- helpers ------------------------------------------------------------------------
    def _row(self, rid: int) -> dict:
        return self.rows[rid][0]

    def _answer(self, rid: int) -> str | None:
        return self.rows[rid][1] if self.settings.answer_column else None

    def score_prompts(self, prompts: list[str], row_ids: list[int], split: str
                      ) -> dict[str, list[tuple[int, str, Evaluation]]]:
        """Generation + evaluation of several prompts on rows, in two bulk requests."""
        s = self.settings
        jobs = [(p, rid) for p in prompts for rid in row_ids]
        self.calls.scope = (split, len(prompts), len(row_ids))
        results = generate(self.calls, [(p, self._row(r)) for p, r in jobs], s.mapping,
                           self.config.task_max_tokens)
        outputs = [r.text for r in results]
        too_long = sorted({rid for (_, rid), r in zip(jobs, results)
                           if r.finish_reason == "overflow"} - self.reported_overflow)
        if too_long:  # reported once per row; the row scores 0 and the run goes on
            self.reported_overflow.update(too_long)
            self.progress(Notice(Message(
                "{count} row(s) do not fit the model's context and score 0 (row ids {ids}). "
                "Raise the context size or shorten them.", count=len(too_long),
                ids=", ".join(map(str, too_long[:10]))), "warning"))
        items = [Item(describe_input(self._row(r), s.mapping), out, self._answer(r),
                      self.options[r]) for (p, r), out in zip(jobs, outputs)]
        evals = evaluate(self.calls, items, s.metrics, s.task, s.criteria, self.meta["judge"])
        result: dict[str, list] = {p: [] for p in prompts}
        records = []
        for (p, rid), out, ev in zip(jobs, outputs, evals):
            result[p].append((rid, out, ev))
            records.append({"run_id": self.run_id, "prompt_key": prompt_key(p), "row_id": rid,
                            "split": split, "output": out, "score": ev.score,
                            "judge_score": ev.judge_score, "judge_reason": ev.reason,
                            "metric_scores": ev.metric_scores, "check_score": ev.check_score})
        self.store.save_many("scores", records)
        return result

    def add_candidate(self, prompt: str | None, *, iteration: int, parent: str | None,
                      origin: str, proposal: Proposal | None = None) -> str:
        text = prompt if prompt is not None else (proposal.instruction if proposal else "")
        key = prompt_key(("" if prompt is not None else "rejected:") + text)
        existing = self.store.candidate(self.run_id, key)
        if existing:
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

    def validate_prompts(self, prompts: list[str]) -> None:
        """Score prompts on the validation rows and remember their (length-adjusted) scores."""
        todo = [p for p in dict.fromkeys(prompts) if prompt_key(p) not in self.scored]
        if not todo:
            return
        rows = self.splits["val"]
        if self.config.selection != "halving" or len(todo) <= self.config.beam:
            self._record_val(todo, self.score_prompts(todo, rows, "val"), full=True)
            return
        # Successive halving (as ProTeGi's bandit selection): score every candidate on a
        # few rows, keep the better half on twice as many, until the survivors have seen
        # all rows. Evaluations go to promising candidates; the cache never repeats a row.
        alive, n = todo, max(2, len(rows) // 4)
        while True:
            n = min(n, len(rows))
            scored = self.score_prompts(alive, rows[:n], "val")
            if n == len(rows) or len(alive) <= self.config.beam:
                if n < len(rows):
                    scored = self.score_prompts(alive, rows, "val")
                self._record_val(alive, scored, full=True)
                return
            mean = {p: sum(ev.score for _, _, ev in scored[p]) / n for p in alive}
            order = sorted(alive, key=lambda p: -mean[p])
            keep = max(self.config.beam, (len(alive) + 1) // 2)
            self._record_val(order[keep:], scored, full=False)
            alive, n = order[:keep], n * 2

    def _record_val(self, prompts: list[str], scored: dict, full: bool) -> None:
        order = {rid: i for i, rid in enumerate(self.splits["val"])}
        for p in prompts:
            vals = [ev.score for _, _, ev in scored[p]]
            val = sum(vals) / len(vals)
            by_row = tuple(ev.score for rid, _, ev in sorted(scored[p], key=lambda x: order[x[0]]))
            key = prompt_key(p)
            cand = self.store.candidate(self.run_id, key)
            tokens = cand["tokens"] or 0
            adjusted = val - self.config.length_penalty * tokens / 100
            self.store.save("candidates", {"run_id": self.run_id, "key": key, "val_score": val,
                                           "val_rows": len(vals)})
            self.scored[key] = Scored(p, key, val, adjusted, cand["seq"], full, by_row)

    def ranked(self, prompts: list[str]) -> list[Scored]:
        uniq = {prompt_key(p): self.scored[prompt_key(p)] for p in prompts}
        return sorted(uniq.values(), key=lambda s: (not s.full, -s.adjusted, s.seq))

    def format_rule_prompt(self, prompt: str) -> str | None:
        """The prompt with code's answer-format rule added, when the answers are a closed
        set (and the prompt does not already say it)."""
        parts = split_instruction(prompt)
        if not self.rule or self.rule in parts.instruction:
            return None
        return with_instruction(parts, choices.with_rule(parts.instruction, self.rule))

    def demos_prompt(self, prompt: str) -> str | None:
        """The prompt with config.demos solved training rows after its instruction."""
        cfg, s = self.config, self.settings
        if cfg.demos < 1 or not s.answer_column or not demos.usable(prompt):
            return None
        ids = demos.pick(self.splits["train"], cfg.demos, cfg.seed)
        text = demos.block(prompt, [(self._row(i), self.rows[i][1] or "") for i in ids],
                           s.mapping, self.lang)
        shown = demos.insert(prompt, text)
        self.demo_of[prompt_key(shown)] = text
        return shown

    def rephrasings(self, initial: str, n: int) -> list[str]:
        """Up to n rewrites of the starting instruction by the editor, so that the first
        iteration already searches from a full beam of different prompts (the loop would
        otherwise spend its first iteration growing one)."""
        bare, shown, ruled = self.code_parts(initial)
        props = self.edit([(bare, REPHRASE)], n, 0)
        return self.keep_proposals([self.restore_parts(p, initial, shown, ruled)
                                    for p in props], 0, "rephrase")

    def edit(self, parents: list[tuple[str, str]], n: int, it: int) -> list[Proposal]:
        """Step 5 for (prompt, feedback) pairs: n proposals per parent, in order, held to the
        run's checks (language, the meta-prompts' words, the user's own words)."""
        cfg, s = self.config, self.settings
        return propose(self.calls, parents, n, task=s.task, lang=self.lang,
                       mode=cfg.editor_mode, metaprompt=self.meta[
                           "editor" if cfg.editor_mode == "instruction" else "editor_full"],
                       iteration=it, seed=cfg.seed, temperature=cfg.edit_temperature,
                       meta_texts=list(self.meta.values()),
                       own_texts=[s.criteria, *self.option_words()])

    def keep_proposals(self, proposals: list[Proposal], it: int, origin: str,
                       usable: list[str] | None = None) -> list[str]:
        """Records every proposal (the rejected ones with their reason); returns the new
        usable prompts."""
        usable = [] if usable is None else usable
        for prop in proposals:
            if prop.ok and (prompt_key(prop.prompt) in self.scored or prop.prompt in usable):
                prop = Proposal(prop.parent, None, prop.instruction, False, Message("duplicate"))
            self.add_candidate(prop.prompt, iteration=it, parent=prop.parent, origin=origin,
                               proposal=prop)
            if prop.ok:
                usable.append(prop.prompt)
            else:
                self.progress(Notice(Message("candidate rejected ({reason}): {text!r}",
                                             reason=prop.reason, text=prop.instruction[:80]),
                                     "warning"))
        return usable

    def planned_candidates(self) -> int:
        """The size of the family of comparisons a run makes: every candidate it may try
        (the correction must be fixed before looking, not grow with what was seen)."""
        cfg = self.config
        return cfg.iterations * cfg.beam * cfg.candidates + len(cfg.extra_prompts) + \
            int(cfg.format_rule) + int(cfg.demos > 0) + (cfg.beam - 1) * cfg.full_beam

    def option_words(self) -> list[str]:
        """The answers the rows allow (a closed set): words a candidate may rightly use."""
        return sorted({o for opts in self.options.values() if opts for o in opts})[:200]

    def challenge(self, incumbent: Scored, ranked: list[Scored], it: int) -> Scored:
        """The first candidate, best first, that beats the incumbent on the same validation
        rows by more than chance (core/selection.py); else the incumbent stays."""
        tried = self.planned_candidates()
        for cand in ranked:
            if not cand.full or cand.key == incumbent.key or cand.adjusted <= incumbent.adjusted:
                continue
            cmp = selection.compare(cand.rows, incumbent.rows, tried)
            shorter = selection.same_rows(cand.rows, incumbent.rows)
            accepted = cmp.better or shorter  # shorter: same rows, adjusted score higher
            self.decisions.append({"iteration": it, "candidate": cand.key,
                                   "incumbent": incumbent.key, "accepted": accepted,
                                   "why": "the same score on every row, and shorter"
                                   if shorter else cmp.describe()})
            if accepted and not shorter:
                return self.simplest(cand, incumbent, ranked, tried, it)
            if accepted:
                return cand
        return incumbent

    def simplest(self, winner: Scored, incumbent: Scored, ranked: list[Scored], tried: int,
                 it: int) -> Scored:
        """The winner, or a shorter candidate just as good (selection.simplest)."""
        full = [c for c in ranked if c.full]
        choice = selection.simplest(winner, full, incumbent, tried, lambda c: len(c.prompt))
        if choice is not winner:
            self.decisions.append({
                "iteration": it, "candidate": choice.key, "incumbent": incumbent.key,
                "accepted": True, "shorter_than": winner.key, "why": f"beats the incumbent beyond chance, is shorter than "
                f"{winner.key[:12]}, which does not beat it beyond chance"})
        return choice

    # --- the loop -------------------------------------------------------------------------
    def run(self) -> dict:
        t0 = time.monotonic()
        cfg, s = self.config, self.settings
        self.store.lock_for_run()  # a second process on the same project is told it is in use
        self.store.update_run(self.run_id, status="running", error=None)
        stop_reason = Message("finished {count} iteration(s)", count=cfg.iterations)
        history = []
        try:
            initial = s.template
            self.add_candidate(initial, iteration=0, parent=None, origin="initial")
            for extra in cfg.extra_prompts:  # the user's own variants start in the beam too
                self.add_candidate(extra, iteration=0, parent=None, origin="user")
            starts = [initial] + list(cfg.extra_prompts)
            ruled = self.format_rule_prompt(initial)
            if ruled:
                self.add_candidate(ruled, iteration=0, parent=initial, origin="format")
                starts.append(ruled)
            shown = self.demos_prompt(initial)
            if shown:
                self.add_candidate(shown, iteration=0, parent=initial, origin="demos")
                starts.append(shown)
            if cfg.full_beam and len(starts) < cfg.beam:
                starts += self.rephrasings(initial, cfg.beam - len(starts))
            self.validate_prompts(starts)
            beam = [r.prompt for r in self.ranked(starts)[:cfg.beam]]
            # `best` is the incumbent: the prompt the run would hand over now. The beam
            # explores; the incumbent changes only on a win beyond chance.
            best = self.challenge(self.scored[prompt_key(initial)], self.ranked(starts), 0)
            stale = 0
            for it in range(1, cfg.iterations + 1):
                self.calls.iteration = it
                if best.val >= 1.0:
                    stop_reason = Message("validation score is perfect")
                    break
                t_it, e_it = time.monotonic(), self.calls.engine_s
                proposed, usable = self.iteration(it, beam)
                pool = beam + usable
                self.validate_prompts(usable)
                ranked = self.ranked(pool)
                beam = [r.prompt for r in ranked[:cfg.beam]]
                winner = self.challenge(best, ranked, it)
                gained = winner.key != best.key
                best = winner
                stale = 0 if gained else stale + 1
                history.append({"iteration": it, "proposed": proposed, "usable": len(usable),
                                "best_val": best.val, "beam_val": [r.val for r in ranked[:cfg.beam]],
                                "seconds": round(time.monotonic() - t_it, 3),
                                "engine_s": round(self.calls.engine_s - e_it, 3)})
                self.store.save("iterations", {
                    "run_id": self.run_id, "idx": it, "beam": [prompt_key(p) for p in beam],
                    "proposed": proposed, "usable": len(usable), "best_val": best.val, "done": 1})
                self.progress(Notice(Message(
                    "iteration {it}: {usable}/{proposed} candidates usable, best validation "
                    "score {score:.3f}", it=it, usable=len(usable), proposed=proposed,
                    score=best.val)))
                if stale >= cfg.patience:
                    stop_reason = Message("no gain in {count} iteration(s)", count=cfg.patience)
                    if not any(h["usable"] for h in history):
                        stop_reason = Message(
                            "the editor produced no usable candidate in {count} iteration(s) "
                            "(the rejected ones and their reasons are in the run record); the "
                            "initial prompt is kept", count=len(history))
                    break
            if best.val >= 1.0:
                stop_reason = Message("validation score is perfect")
        except BudgetExceeded as e:
            stop_reason = e.args[0]
            if prompt_key(initial) not in self.scored:
                raise GradSumError("The budget ran out before the initial prompt was scored.") \
                    from None
            best = self.challenge(self.scored[prompt_key(initial)],
                                  self.ranked([x.prompt for x in self.scored.values()]), -1)
        except Cancelled:
            self.store.update_run(self.run_id, status="cancelled",
                                  active_s=self.budget.active_s())
            raise
        except BaseException as e:
            self.store.update_run(self.run_id, status="failed", error=str(e)[:2000],
                                  active_s=self.budget.active_s())
            raise
        return self.finish(initial, best, stop_reason, history, t0)

    def iteration(self, it: int, beam: list[str]) -> tuple[int, list[str]]:
        cfg, s = self.config, self.settings
        train = self.splits["train"]
        batch = random.Random(cfg.seed * 1_000_003 + it).sample(train, min(cfg.batch_size, len(train)))
        self.store.save("iterations", {"run_id": self.run_id, "idx": it, "batch": batch,
                                       "done": 0})
        scored = self.score_prompts(beam, batch, "train")
        for p in beam:
            vals = [ev.score for _, _, ev in scored[p]]
            self.store.save("candidates", {"run_id": self.run_id, "key": prompt_key(p),
                                           "train_score": sum(vals) / len(vals)})
        # 3. one gradient per row below full marks
        failures, owners = [], []
        for p in beam:
            for rid, out, ev in scored[p]:
                if ev.score < 1.0:
                    failures.append(Failure(p, describe_input(self._row(rid), s.mapping), out,
                                            ev.reason))
                    owners.append((p, rid))
        grads = gradients(self.calls, failures, s.task, s.criteria, self.lang,
                          self.meta["gradient"])
        self.store.save_many("gradients", [
            {"run_id": self.run_id, "iteration": it, "prompt_key": prompt_key(p), "row_id": rid,
             "text": g} for (p, rid), g in zip(owners, grads)])
        by_prompt: dict[str, list[str]] = {p: [] for p in beam}
        for (p, _), g in zip(owners, grads):
            if g:
                by_prompt[p].append(g)
        parents = [p for p in beam if any(ev.score < 1.0 for _, _, ev in scored[p])]
        if not parents:
            return 0, []
        # 4. summarization, or raw gradients in the ablation
        if cfg.use_summary:
            feedback = self.summaries(it, parents, by_prompt)
        else:
            feedback = ["\n".join(f"- {g}" for g in by_prompt[p]) or NO_FEEDBACK for p in parents]
        # 5. editor
        # the editor rewrites the user's instruction: the parts code wrote (demonstrations,
        # the answer-format rule) go out before and back in after, unchanged and in place
        owned = [self.code_parts(p) for p in parents]
        edited = [e for e, _, _ in owned]
        proposals = self.edit(list(zip(edited, feedback)), cfg.candidates, it)
        n = cfg.candidates  # propose returns n proposals per parent, in order
        proposals = [self.restore_parts(prop, parents[i // n], *owned[i // n][1:])
                     for i, prop in enumerate(proposals)]
        usable: list[str] = []
        for c in self.user_candidates:  # a candidate the user edited joins this iteration
            if c["iteration"] == it and c["prompt"] not in usable:
                self.add_candidate(c["prompt"], iteration=it, parent=c["parent"], origin="user")
                usable.append(c["prompt"])
        return len(proposals), self.keep_proposals(proposals, it, "editor", usable)

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

    def restore_parts(self, prop: Proposal, parent: str, shown: str | None,
                      ruled: bool) -> Proposal:
        """An edited child with its parent's code-written parts put back."""
        if not prop.ok:
            return Proposal(parent, None, prop.instruction, False, prop.reason)
        child = prop.prompt
        if ruled:
            parts = split_instruction(child)
            if self.rule not in parts.instruction:
                child = with_instruction(parts, choices.with_rule(parts.instruction, self.rule))
        if shown:
            child = demos.insert(child, shown)
            self.demo_of[prompt_key(child)] = shown
        return Proposal(parent, child, prop.instruction, True, prop.reason)

    def summaries(self, it: int, parents: list[str], by_prompt: dict[str, list[str]]) -> list[str]:
        out: list[str | None] = []
        todo = []
        for p in parents:
            edited = self.edited_summaries.get((it, prompt_key(p)))
            out.append(edited)  # a summary the user edited replaces the model's
            if edited is None and by_prompt[p]:
                todo.append(p)
        made = dict(zip(todo, summarize(self.calls, [by_prompt[p] for p in todo],
                                        self.settings.task, self.lang,
                                        self.meta["summary"])))
        result = []
        for p, edited in zip(parents, out):
            text = edited or made.get(p) or NO_FEEDBACK
            self.store.save("summaries", {"run_id": self.run_id, "iteration": it,
                                          "prompt_key": prompt_key(p), "text": text,
                                          "edited": int(edited is not None)})
            result.append(text)
        return result

    # --- the end ----------------------------------------------------------------------------
    def finish(self, initial: str, best: Scored, stop_reason: str, history: list,
               t0: float) -> dict:
        self.calls.budget = Budget(Limits())  # the final test scoring is reporting, not search
        test = self.splits["test"]
        init = self.scored[prompt_key(initial)]
        candidate, gain, confirmed = best, None, None
        if test:
            prompts = list(dict.fromkeys([initial, best.prompt]))
            res = self.score_prompts(prompts, test, "test")
            per_row = {p: [ev.score for _, _, ev in sorted(r, key=lambda x: x[0])]
                       for p, r in res.items()}
            gain = selection.gain(per_row[best.prompt], per_row[initial], self.config.seed)
            # confirmation on rows that played no part in choosing the candidate
            confirmed = best.key == init.key or gain.mean > 0 or (
                best.adjusted > init.adjusted
                and selection.same_rows(per_row[best.prompt], per_row[initial]))
            if not confirmed:
                best = init
                gain = selection.gain(per_row[initial], per_row[initial], self.config.seed)
        return outcome.record(self, init, best, candidate, confirmed, gain, stop_reason,
                              history, t0)
