"""The GRAD-SUM search loop: beam search over prompts, driving the five modules.

Every step is a pure function of the run's config, the data and the model replies, and every
model reply is cached in the store. So resuming a run means running it again from the start:
finished calls come back from the cache in milliseconds, records are upserted on their natural
keys, and the loop continues where it stopped. One mechanism covers cancel, crash and restart.

The search explores; it does not decide what is handed over. Candidates come from
core/candidates.py, their standing on the validation rows from core/signal.py, and the
decision from core/selection.py.
"""
from __future__ import annotations

import random
import time

from . import choices, demos, language, outcome, signal
from . import labels as lab
from .budget import Budget, Limits
from .calls import ModelCalls
from .candidates import Candidates
from .engine import CancelToken, Engine, NoLogprobs
from .errors import BudgetExceeded, Cancelled, GradSumError
from .evaluation import Evaluation, Item, evaluate
from .generation import describe_input, generate
from .gradients import Failure, gradients
from .messages import Message
from .origins import Origin
from .plan import RunPlan
from .progress import Notice, ProgressCallback, ignore
from .selection import Described, Scored, Selector
from .settings import ProjectSettings, RunConfig
from .store import Store, prompt_key
from .summary import summarize

NO_FEEDBACK = "Make the instruction clearer and more specific about what a correct answer is."


class Search:
    def __init__(self, store: Store, engines: dict[str, Engine], run_id: int,
                 cancel: CancelToken | None = None, progress: ProgressCallback = ignore):
        self.store = store
        self.run_id = run_id
        run = store.run(run_id)
        self.config = RunConfig.from_dict(run["config"])
        self.plan = RunPlan.of_run(run)
        self.splits = self.plan.splits
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
        self.edited_summaries = {(e.iteration, prompt_key(e.parent)): e.text
                                 for e in self.plan.edits.summaries}
        self.user_candidates = self.plan.edits.candidates
        self.calls = ModelCalls(store, engines, self.budget, cancel, progress, run_id,
                                estimate=self.plan.estimate, use_cache=cfg.use_cache)
        ids = self.splits.train + self.splits.val + self.splits.test
        self.rows = store.rows(ids)
        self.options = choices.row_options(self.rows, self.settings.options_column)
        self.made = Candidates(store, self.calls, run_id, self.settings, cfg, self.meta,
                               self.lang, self.options, progress,
                               [" ".join(map(str, self._row(i).values()))
                                for i in self.splits.train + self.splits.val])
        self.selector = Selector.for_run(cfg, self.settings.template, self.splits.val)
        # the ranking signal: the forced answer's log-probability where answers are known
        self.signal = signal.LOGPROB if cfg.signal == signal.LOGPROB and \
            self.settings.answer_column else signal.METRIC
        self.signal_notes: list[Message] = []
        self.reported_overflow: set[int] = set()

    # --- helpers ------------------------------------------------------------------------
    def _row(self, rid: int) -> dict:
        return self.rows[rid][0]

    def _answer(self, rid: int) -> str | None:
        return self.rows[rid][1] if self.settings.answer_column else None

    def known(self, prompt: str) -> bool:
        return self.selector.known(prompt)

    def score_prompts(self, prompts: list[str], row_ids: list[int], split: str
                      ) -> dict[str, list[tuple[int, str, Evaluation]]]:
        """Generation + evaluation of several prompts on rows, in two bulk requests."""
        s = self.settings
        jobs = [(p, rid) for p in prompts for rid in row_ids]
        self.calls.scope = (split, len(prompts), len(row_ids))
        results = generate(self.calls, [(p, self._row(r)) for p, r in jobs], s.mapping,
                           self.config.task_max_tokens,
                           [self.options[r] for _, r in jobs], s.metrics)
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

    def per_row(self, prompts: list[str], row_ids: list[int], split: str
                ) -> dict[str, list[float]]:
        """Each prompt's score on each row, in row_ids' order, by the user's metric."""
        order = {rid: i for i, rid in enumerate(row_ids)}
        res = self.score_prompts(prompts, row_ids, split)
        return {p: [ev.score for _, _, ev in sorted(r, key=lambda x: order[x[0]])]
                for p, r in res.items()}

    # --- the Selector's Scorer (core/selection.py): scores and records, no decision ------
    def validation(self, prompts: list[str], row_ids: list[int]) -> dict[str, list[float]]:
        """Validation standing per row: the ranking signal (core/signal.py), or the metric
        when the engine has no log-probabilities (said once, in the run's notes)."""
        if self.signal == signal.LOGPROB:
            try:
                self.calls.scope = ("val", len(prompts), len(row_ids))
                return signal.forced_standing(self.calls, prompts, row_ids, self.rows,
                                              self.settings.mapping, self.options)
            except NoLogprobs as e:
                self.signal = signal.METRIC
                why = Message("candidates are ranked by the metric: {reason}", reason=e.args[0])
                self.signal_notes.append(why)
                self.progress(Notice(why, "warning"))
        return self.per_row(prompts, row_ids, "val")

    def held_out(self, prompts: list[str]) -> dict[str, list[float]]:
        return self.per_row(prompts, self.splits.test, "test")

    def labels(self, key: str, split: str) -> lab.LabelStanding | None:
        """A scored prompt's per-label standing on a split, from its stored outputs (no model
        call); None for open answers, or where it has no output on every row (the
        forced-answer signal generates none)."""
        if not self.settings.answer_column:
            return None
        row_ids = self.splits.of(split)
        outs = self.store.outputs(self.run_id, key, row_ids)
        if len(outs) < len(row_ids):
            return None
        return lab.standing([outs[r] for r in row_ids], [self._answer(r) for r in row_ids],
                            [self.options[r] for r in row_ids])

    def describe(self, prompt: str) -> Described:
        cand = self.store.candidate(self.run_id, prompt_key(prompt))
        return Described(cand["key"], cand["seq"], cand["tokens"] or 0, Origin(cand["origin"]))

    def ranked_on(self, scored: Scored, rows: int) -> None:
        self.store.save("candidates", {"run_id": self.run_id, "key": scored.key,
                                       "val_score": scored.val, "val_rows": rows})

    def shorter(self, prompt: str, part: int) -> tuple[str | None, int]:
        return self.made.without_part(prompt, part)

    def add_pruned(self, prompt: str, parent: str, winner: Scored) -> None:
        it = self.store.candidate(self.run_id, winner.key)["iteration"]
        self.made.add(prompt, iteration=it, parent=parent, origin=Origin.PRUNED)

    def validate_prompts(self, prompts: list[str], race: bool = True) -> None:
        self.selector.validate(self, prompts, race)

    def ranked(self, prompts: list[str] | None = None) -> list[Scored]:
        return self.selector.ranked(prompts)

    # --- the loop -------------------------------------------------------------------------
    def starting_candidates(self, initial: str) -> list[str]:
        cfg, s, made = self.config, self.settings, self.made
        made.add(initial, iteration=0, parent=None, origin=Origin.INITIAL)
        for extra in cfg.extra_prompts:  # the user's own variants start in the beam too
            made.add(extra, iteration=0, parent=None, origin=Origin.USER)
        starts = [initial] + list(cfg.extra_prompts)
        coded: list[tuple[str | None, Origin]] = [(made.with_format_rule(initial),
                                                   Origin.FORMAT)]
        if cfg.demos > 0 and s.answer_column:
            ids = demos.pick(self.splits.train, cfg.demos, cfg.seed)
            coded.append((made.with_demos(initial, [(self._row(i), self.rows[i][1] or "")
                                                    for i in ids]), Origin.DEMOS))
        if cfg.own_words:
            coded += [(p, Origin.OWN_WORDS) for p in made.own_words(initial)]
        for prompt, origin in coded:
            if prompt and prompt not in starts:
                made.add(prompt, iteration=0, parent=initial, origin=origin)
                starts.append(prompt)
        if cfg.rephrasings and len(starts) < cfg.beam:
            starts += made.rephrasings(initial, cfg.beam - len(starts),
                                       lambda p: self.known(p) or p in starts)
        return starts

    def run(self) -> dict:
        t0 = time.monotonic()
        cfg, s = self.config, self.settings
        self.store.lock_for_run()  # a second process on the same project is told it is in use
        self.store.update_run(self.run_id, status="running", error=None)
        stop_reason = Message(outcome.FINISHED, count=cfg.iterations)
        history = []
        initial = s.template
        try:
            starts = self.starting_candidates(initial)
            self.validate_prompts(starts, race=False)  # few, and a person's: every row
            beam = [r.prompt for r in self.ranked(starts)[:cfg.beam]]
            best = anchor = self.ranked()[0]
            stale = 0
            for it in range(1, cfg.iterations + 1):
                self.calls.iteration = it
                if self.perfect(best):
                    stop_reason = Message("validation score is perfect")
                    break
                t_it, e_it = time.monotonic(), self.calls.engine_s
                proposed, usable = self.iteration(it, beam)
                self.validate_prompts(usable)
                ranked = self.ranked(beam + usable)
                beam = [r.prompt for r in ranked[:cfg.beam]]
                top = self.ranked()[0]
                if self.selector.progressed(top, anchor, len(usable)):
                    stale, anchor = 0, top
                else:
                    stale += 1
                best = top if top.adjusted > best.adjusted else best
                history.append({"iteration": it, "proposed": proposed, "usable": len(usable),
                                "best_val": best.val,
                                "beam_val": [r.val for r in ranked[:cfg.beam]],
                                "seconds": round(time.monotonic() - t_it, 3),
                                "engine_s": round(self.calls.engine_s - e_it, 3)})
                self.store.save("iterations", {
                    "run_id": self.run_id, "idx": it, "beam": [prompt_key(p) for p in beam],
                    "proposed": proposed, "usable": len(usable), "best_val": best.val,
                    "done": 1})
                self.progress(Notice(Message(
                    "iteration {it}: {usable}/{proposed} candidates usable, best validation "
                    "score {score:.3f}", it=it, usable=len(usable), proposed=proposed,
                    score=best.val)))
                nothing = not any(h["usable"] for h in history)
                # a run that simply reached its last iteration says it finished
                if stale >= cfg.patience and (it < cfg.iterations or nothing):
                    stop_reason = Message("no clear gain in {count} iteration(s)",
                                          count=cfg.patience)
                    if nothing:  # a starting candidate may still be handed over
                        stop_reason = Message(
                            "the editor produced no usable candidate in {count} iteration(s) "
                            "(the rejected ones and their reasons are in the run record)",
                            count=len(history))
                    break
            if self.perfect(best):
                stop_reason = Message("validation score is perfect")
            family = self.selector.confirmation_family(self, self.selector.get(initial))
        except BudgetExceeded as e:
            stop_reason = e.args[0]
            if not self.known(initial):
                raise GradSumError("The budget ran out before the initial prompt was scored.") \
                    from None
            family = self.selector.family(self.selector.get(initial), self.ranked())
        except Cancelled:
            self.store.update_run(self.run_id, status="cancelled",
                                  active_s=self.budget.active_s())
            raise
        except BaseException as e:
            self.store.update_run(self.run_id, status="failed", error=str(e)[:2000],
                                  active_s=self.budget.active_s())
            raise
        return self.finish(initial, family, stop_reason, history, t0)

    def perfect(self, best: Scored) -> bool:
        return self.signal == signal.METRIC and best.val >= 1.0

    def iteration(self, it: int, beam: list[str]) -> tuple[int, list[str]]:
        cfg, s = self.config, self.settings
        train = self.splits.train
        batch = random.Random(cfg.seed * 1_000_003 + it).sample(train, min(cfg.batch_size,
                                                                          len(train)))
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
        # 5. editor (code-written parts go out before and back in after, unchanged)
        proposals = self.made.edit(list(zip(parents, feedback)), cfg.candidates, it)
        usable: list[str] = []
        for c in self.user_candidates:  # a candidate the user edited joins this iteration
            if c.iteration == it and c.prompt not in usable:
                self.made.add(c.prompt, iteration=it, parent=c.parent, origin=Origin.USER)
                usable.append(c.prompt)
        return len(proposals), self.made.keep(proposals, it, Origin.EDITOR, self.known, usable)

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
    def finish(self, initial: str, family: list[Scored], stop_reason: str, history: list,
               t0: float) -> dict:
        self.calls.budget = Budget(Limits())  # confirmation is part of every run's result
        decision = self.selector.confirm(self, self.selector.get(initial), family,
                                         held_out=bool(self.splits.test), signal=self.signal,
                                         notes=self.signal_notes)
        return outcome.record(self.store, self.run_id, self.calls, self.budget, self.settings,
                              self.config, self.lang, decision, stop_reason, history, t0)
