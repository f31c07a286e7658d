"""Which prompt a run hands over: the whole rule, in one place.

The search explores freely on the validation rows and ranks candidates by their standing
there (core/signal.py: the metric, or the finer forced-answer signal). Ranking many
candidates on the same rows makes the best of them look better than it is, so the ranking
never decides what is exported. Before the held-out (confirmation) rows are looked at, a
small family is fixed: the top k (k <= 3) candidates in validation order that rank above the
starting prompt, one of them the best that a person wrote (the user's own words, edited or
extra prompts) when one ranks above the start, and the top one's pruned form
(core/search.py: its sentences and phrases that did not earn their place dropped) right
after it. Each is tested against the starting prompt on the confirmation rows with a
one-sided exact sign test (McNemar's test on 0/1 scores), and Holm's step-down procedure holds
the family to 5%: when no candidate is truly better, the chance that any of them passes
stays under 5%, so the chance of exporting a prompt that is not better does too. Of the
passing candidates, one a person wrote is exported first (people judge the prompt a user
takes away, and a small optimizer model's words often read as nonsense even when they
score), then a pruned winner (the same words, less of what did not earn its place), else the
first in validation order; if none passes, the starting prompt is kept and the run says so.
Any passing candidate is covered by the 5%, so the preference costs nothing in the
guarantee. The members are scored on the confirmation rows in that same order, and scoring
stops once the scored ones decide the export (Selector.settled): a confirmed win usually
costs the start and one member, not the whole family.

A score can rise without the prompt being better at the task: on a closed answer set a
prompt that makes the model answer one option to every row beats a start whose replies name
no option at all. So a passing member is also read per label on the confirmation rows
(core/labels.py): one whose answers tell the rows apart (balanced accuracy above chance,
right answers not all of one label) better than the start's is preferred among the passing
ones, and when the exported member's gain is only the answer's form the outcome says so
("format_only", with its words) instead of "confirmed". It is still handed over: answers in
the options' words are worth having, and it passed the same test.

Why this rule: the correction depends only on k, which is fixed before the search starts,
not on how many candidates the search tried, so a longer search does not make a real win
harder to accept (a Bonferroni correction over every candidate tried did: 40 candidates
meant a threshold of 0.00125). Why Holm over fixed-sequence testing: a simulation on
counting_choice's per-row scores found fixed-sequence testing more powerful in every
configuration tried, at the same false-export rate; Holm is kept because the validation
order of near-equal candidates cannot be trusted to put a real win first, and because that
simulation was run after seeing the seeds it would have turned into passes: changing the
rule after seeing the results is fitting the test to them.

With no confirmation rows the best candidate must beat the starting prompt on the
validation rows themselves, by a sign test corrected for every candidate tried (the only
honest test left); its words say it is unconfirmed. RunConfig.confirmation = "bonferroni"
keeps the previous rule for the ablation: the first candidate that beats the start on
validation by that corrected test, exported when its held-out mean is higher.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Iterable, Sequence

from . import labels as lab
from .labels import LabelStanding
from .messages import Message, stored
from .stats import ALPHA, Gain, compare, gain, holm

# words a person wrote (the start, the user's own or edited prompts, and code's sentences
# around them): read as written, so they are handed over before the optimizer model's
WRITTEN_BY_PEOPLE = ("initial", "user", "format", "own_words", "demos")
FAMILY = "family"
BONFERRONI = "bonferroni"
OUTCOMES = ("no_win", "no_test", "not_confirmed", "confirmed", "format_only")
PASSED = ("confirmed", "format_only")  # the held-out test passed; the second: in form only
FORMAT_ONLY = "format only"  # the gain's verdict when it is in the answer's form alone
PROGRESS_ALPHA = 0.1  # loose: a missed real gain costs only an earlier stop


@dataclass
class Scored:
    """A candidate's standing on the validation rows."""
    prompt: str
    key: str
    val: float                      # mean standing over the rows it was measured on
    adjusted: float                 # val minus the run's length penalty
    seq: int
    complete: bool = True           # measured on every validation row (not dropped by racing)
    rows: tuple[float, ...] = ()    # per validation row, in the split's order (paired tests)
    tokens: int = 0
    origin: str = ""                # core/candidates.py: initial, own_words, editor, pruned…


@dataclass(frozen=True)
class Tested:
    """One family member's test against the starting prompt on the confirmation rows."""
    key: str
    prompt: str
    val: float
    wins: int
    losses: int
    p: float | None                  # None: not scored, the export was already decided
    threshold: float
    passed: bool


@dataclass(frozen=True)
class Selection:
    """The decision a run hands over; the run record, the CLI and the GUI read it."""
    outcome: str                     # one of OUTCOMES
    exported: Scored
    initial: Scored
    candidate: Scored                # the best validation candidate (the start if none)
    family: tuple[Tested, ...] = ()
    rule: str = FAMILY
    signal: str = "metric"
    confirm_rows: int = 0
    gain: Gain | None = None
    tried: int = 0                   # candidates ranked on every validation row
    notes: tuple = field(default_factory=tuple)  # Messages about the signal (fallbacks)
    # per label on the confirmation rows (closed answer sets only): the start, the export
    labels_initial: LabelStanding | None = None
    labels_exported: LabelStanding | None = None

    @property
    def made_of(self) -> str | None:
        """'task' or 'format' for a passing export on a closed answer set, else None."""
        if self.outcome not in PASSED:
            return None
        return lab.made_of(self.labels_exported, self.labels_initial)

    @property
    def labels_of_export(self) -> LabelStanding | None:
        """The exported prompt's per-label standing (the start's when the start is kept)."""
        return self.labels_exported if self.outcome in PASSED else self.labels_initial

    def as_dict(self) -> dict:
        return {"outcome": self.outcome, "rule": self.rule, "signal": self.signal,
                "confirm_rows": self.confirm_rows, "tried": self.tried,
                "family": [asdict(t) for t in self.family],
                "notes": [stored(n) for n in self.notes]}  # messages.loaded reads them


class Selector:
    def __init__(self, rule: str = FAMILY, k: int = 3, length_penalty: float = 0.0,
                 seed: int = 0, planned: int = 1, alpha: float = ALPHA):
        self.rule, self.k, self.alpha = rule, max(1, k), alpha
        self.length_penalty, self.seed, self.planned = length_penalty, seed, max(1, planned)

    # --- ranking on the validation rows ----------------------------------------------------
    def standing(self, prompt: str, key: str, rows: Sequence[float], seq: int, tokens: int,
                 complete: bool, origin: str = "") -> Scored:
        val = sum(rows) / len(rows) if rows else 0.0
        return Scored(prompt, key, val, val - self.length_penalty * tokens / 100, seq,
                      complete, tuple(rows), tokens, origin)

    @staticmethod
    def rank(scored: Iterable[Scored]) -> list[Scored]:
        """Best first: measured on every row, higher standing, then shorter, then older."""
        uniq = {s.key: s for s in scored}
        return sorted(uniq.values(), key=lambda s: (not s.complete, -s.adjusted, s.tokens,
                                                     s.seq))

    def family(self, initial: Scored, ranked: Sequence[Scored],
               pruned: Scored | None = None) -> list[Scored]:
        """Fixed before the confirmation rows are looked at: the top k above the starting
        prompt, with the best prompt a person wrote among them (in the last place, when the
        top k have none), and the top one's pruned form (`pruned`, right after it) when it
        ranks above the start."""
        above = [c for c in ranked if c.complete and c.key != initial.key
                 and c.adjusted > initial.adjusted]
        if self.rule == BONFERRONI:
            first = next((c for c in above
                          if compare(c.rows, initial.rows, self.planned, self.alpha).better),
                         None)
            return [first] if first else []
        family = above[:self.k]
        mine = next((c for c in above if c.origin in WRITTEN_BY_PEOPLE), None)
        if mine is not None and mine not in family:
            family = family[:self.k - 1] + [mine]
        if pruned is not None and pruned in above and pruned not in family:
            kept = [c for c in family[1:] if c.origin in WRITTEN_BY_PEOPLE][:1]
            rest = [c for c in family[1:] if c not in kept]
            family = ([family[0], pruned] + rest)[:self.k - len(kept)] + kept
        return family

    @staticmethod
    def no_worse(trial: Scored, winner: Scored, labels: LabelStanding | None = None) -> bool:
        """Whether a pruned form of the winner keeps its place: its validation standing is
        not lower than the winner's (a tie is kept: the shorter words are as good), and its
        answers still tell the rows apart where the answers are a closed set (`labels`, its
        per-label standing on the validation rows). A tolerance for "not worse beyond
        chance" let drops that change many rows both ways walk a winner down, step by step,
        to "Suggested exceptions: 2) The sentence is implausible.", which scored by
        answering one label to every row."""
        if trial.adjusted < winner.adjusted or not trial.complete:
            return False
        return labels is None or labels.tells_apart()

    # --- progress, for the search's patience ------------------------------------------------
    def progressed(self, top: Scored, anchor: Scored, ranked: int) -> bool:
        """Whether the search's best candidate has moved beyond the luck of ranking: `top`
        beats `anchor` (the best at the last progress) on the validation rows by a sign test
        at PROGRESS_ALPHA / `ranked` (the candidates ranked since, whose best is `top`). The
        best of a dozen near-equal candidates beats the old best by a few rows most
        iterations, so without this a long run never ran out of patience (the demo's Thorough
        run went all 10 iterations on such noise). It only decides when the search stops;
        what is exported stays with the confirmation."""
        if top.key == anchor.key or top.adjusted <= anchor.adjusted:
            return False
        if len(top.rows) != len(anchor.rows) or not top.complete:
            return True  # nothing to pair: any gain counts, as before
        return compare(top.rows, anchor.rows, max(1, ranked), PROGRESS_ALPHA).better

    # --- scoring the confirmation rows lazily ------------------------------------------------
    @staticmethod
    def preference(family: Sequence[Scored]) -> list[Scored]:
        """The order in which a passing member is exported: words a person wrote first, then
        a pruned winner (the optimizer's words with what did not earn its place taken out),
        then validation order. The confirmation rows are scored in this order too."""
        return sorted(family, key=lambda c: 0 if c.origin in WRITTEN_BY_PEOPLE
                      else 1 if c.origin == "pruned" else 2)  # stable: validation order

    def settled(self, initial: Scored, family: Sequence[Scored],
                confirm: dict[str, Sequence[float]],
                labels: dict[str, LabelStanding | None] | None = None,
                promising: set[str] | None = None) -> bool:
        """True once the members scored so far decide the export (next_to_score)."""
        return self.next_to_score(initial, family, confirm, labels, promising) is None

    def next_to_score(self, initial: Scored, family: Sequence[Scored],
                      confirm: dict[str, Sequence[float]],
                      labels: dict[str, LabelStanding | None] | None = None,
                      promising: set[str] | None = None) -> Scored | None:
        """The member to score on the confirmation rows next, or None once the members
        scored so far decide the export whatever the rest would score. Under Holm a p below
        alpha/k passes and a p of alpha or more fails whatever the other p values are; the
        export is the first member in preference order that passes and is better at the task
        (`labels`: per prompt key, the per-label standing on the confirmation rows), else the
        first that passes. So it is known once every member before it surely fails or surely
        passes in form only, and it surely passes at the task; a member in between needs
        every p. Once one surely passes in form only, only the members `promising` at the
        task (their answers told the validation rows apart; None: all) can change the
        export, so only they are scored on: the demo's Quick run scored its whole family in
        4.6 minutes without this."""
        if self.rule == BONFERRONI:
            return next((c for c in family if c.key not in confirm), None)
        start = confirm[initial.key]
        labels = labels or {}
        order = self.preference(family)
        in_form = False
        for c in order:
            if in_form and promising is not None and c.key not in promising:
                continue
            if c.key not in confirm:
                return c
            m = compare(confirm[c.key], start, 1, self.alpha)
            if m.wins > m.losses and m.p < self.alpha / len(family):
                if lab.made_of(labels.get(c.key), labels.get(initial.key)) != "format":
                    return None
                in_form = True
            elif m.wins > m.losses and m.p < self.alpha:  # passes or not by the others' p
                return next((x for x in order if x.key not in confirm), None)
        return None

    # --- the decision -------------------------------------------------------------------------
    def decide(self, initial: Scored, family: Sequence[Scored],
               confirm: dict[str, Sequence[float]] | None, *, signal: str = "metric",
               tried: int = 0, notes: Sequence = (),
               labels: dict[str, LabelStanding | None] | None = None) -> Selection:
        """confirm: per prompt key, its scores on the confirmation rows in one order (the
        starting prompt's and every family member's); None or empty when there are none.
        labels: per prompt key, its per-label standing on those rows (closed answer sets)."""
        labels = labels or {}
        base = dict(initial=initial, rule=self.rule, signal=signal, tried=tried,
                    notes=tuple(notes), labels_initial=labels.get(initial.key))
        if not family:  # the start's own held-out score stands in the record
            start = (confirm or {}).get(initial.key)
            return Selection("no_win", initial, candidate=initial,
                             confirm_rows=len(start or ()),
                             gain=gain(start, start, self.seed) if start else None, **base)
        best = family[0]
        if not confirm:
            cmp = compare(best.rows, initial.rows, max(tried, self.planned), self.alpha)
            tested = (Tested(best.key, best.prompt, best.val, cmp.wins, cmp.losses, cmp.p,
                             cmp.threshold, cmp.better),)
            return Selection("no_test" if cmp.better else "not_confirmed",
                             best if cmp.better else initial, candidate=best, family=tested,
                             **base)
        start = confirm[initial.key]
        n = len(start)
        if self.rule == BONFERRONI:  # the previous rule: a higher held-out mean confirms
            g = gain(confirm[best.key], start, self.seed)
            cmp = compare(confirm[best.key], start, 1, self.alpha)
            ok = g.mean > 0
            tested = (Tested(best.key, best.prompt, best.val, cmp.wins, cmp.losses, cmp.p, 0.0,
                             ok),)
            if not ok:
                return Selection("not_confirmed", initial, candidate=best, family=tested,
                                 confirm_rows=n, gain=gain(start, start, self.seed), **base)
            return self._passed(best, best, tested, n, g, labels, base)
        # members left unscored (settled) count in k as a p of 1: a member that passes does so
        # whatever they score, and one that would need them is reported as not passing
        cmps = [compare(confirm[c.key], start, 1, self.alpha) if c.key in confirm else None
                for c in family]
        verdicts = holm([m.p if m and m.wins > m.losses else 1.0 for m in cmps], self.alpha)
        tested = tuple(Tested(c.key, c.prompt, c.val, m.wins, m.losses, m.p, thr, ok) if m else
                       Tested(c.key, c.prompt, c.val, 0, 0, None, thr, False)
                       for c, m, (ok, thr) in zip(family, cmps, verdicts))
        ok = {c.key for c, t in zip(family, tested) if t.passed}
        passed = [c for c in self.preference(family) if c.key in ok]
        # of those that passed, one better at the task first; within that, words a person
        # wrote first, then a pruned winner, then validation order
        chosen = next((c for c in passed if lab.made_of(labels.get(c.key),
                                                        base["labels_initial"]) != "format"),
                      passed[0] if passed else None)
        if chosen is None:
            return Selection("not_confirmed", initial, candidate=best, family=tested,
                             confirm_rows=n, gain=gain(start, start, self.seed), **base)
        return self._passed(chosen, best, tested, n,
                            gain(confirm[chosen.key], start, self.seed), labels, base)

    @staticmethod
    def _passed(chosen: Scored, best: Scored, tested: tuple, n: int, g: Gain,
                labels: dict, base: dict) -> Selection:
        """A member that passed the test: confirmed, or format_only when its gain is only in
        the answer's form (core/labels.py); the gain's verdict says the same."""
        mine = labels.get(chosen.key)
        form = lab.made_of(mine, base["labels_initial"]) == "format"
        if form:
            g = replace(g, verdict=FORMAT_ONLY)
        return Selection("format_only" if form else "confirmed", chosen, candidate=best,
                         family=tested, confirm_rows=n, gain=g, labels_exported=mine, **base)


# --- in words (the CLI, the Results tab and the reports) ----------------------------------------
def note(res: dict) -> Message:
    """Which prompt a run hands over and why, from its result record."""
    outcome, sel = res.get("selection_outcome"), res.get("selection") or {}
    family = sel.get("family") or []
    rule = sel.get("rule", FAMILY)
    if outcome == "no_win":
        return Message(
            "No candidate ranked above the starting prompt on the validation rows ({tried} "
            "tried); the starting prompt is kept. Try more iterations, edit a summary or a "
            "candidate, or use a larger optimizer model.", tried=res.get("candidates_tried", 0))
    if outcome == "no_test":
        return Message("The best candidate beat the starting prompt on the validation rows "
                       "beyond chance; there were no held-out rows to confirm it.")
    passed = next((i for i, t in enumerate(family)
                   if t["passed"] and t["prompt"] == res.get("best_prompt")), None)
    if outcome == "not_confirmed" and not sel.get("confirm_rows"):
        return Message("The best validation candidate was not better than the starting prompt "
                       "beyond chance on the validation rows, and there were no held-out rows "
                       "to confirm it; the starting prompt is kept.")
    if outcome == "not_confirmed" and rule == BONFERRONI:
        return Message("The best validation candidate did not score higher on the {rows} "
                       "held-out rows; the starting prompt is kept.", rows=sel["confirm_rows"])
    if outcome == "not_confirmed":
        return Message(
            "None of the {k} best validation candidates was better than the starting prompt "
            "beyond chance on the {rows} held-out confirmation rows (one-sided sign test, 5% "
            "for the family); the starting prompt is kept.", k=len(family),
            rows=sel["confirm_rows"])
    if outcome in PASSED and rule == BONFERRONI:
        return Message("The best candidate beat the starting prompt on the validation rows "
                       "beyond chance and scored higher on the {rows} held-out rows.",
                       rows=sel["confirm_rows"])
    if outcome == "format_only" and passed is not None:  # a higher score, not a better prompt
        t = family[passed]
        return Message(
            "Candidate {rank} of the {k} in the confirmation family scored higher than the "
            "starting prompt beyond chance on the {rows} held-out confirmation rows: right on "
            "{wins} more row(s), {losses} fewer, one-sided sign test p = {p:.3g} (threshold "
            "{threshold:.3g}, 5% for the family).", rank=passed + 1, k=len(family),
            rows=sel["confirm_rows"], wins=t["wins"], losses=t["losses"], p=t["p"],
            threshold=t["threshold"])
    if outcome in PASSED and passed is not None:
        t = family[passed]
        return Message(
            "Candidate {rank} of the {k} in the confirmation family was better than the starting "
            "prompt beyond chance on the {rows} held-out confirmation rows: better on {wins} "
            "row(s), worse on {losses}, one-sided sign test p = {p:.3g} (threshold {threshold:.3g}"
            ", 5% for the family).", rank=passed + 1, k=len(family), rows=sel["confirm_rows"],
            wins=t["wins"], losses=t["losses"], p=t["p"], threshold=t["threshold"])
    return Message("")


def gain_line(g: dict | None) -> Message:
    if not g:
        return Message("held-out confirmation gain: no held-out rows")
    return Message("held-out confirmation gain: {gain:+.1%} (95% interval {low:+.1%} to "
                   "{high:+.1%}, {rows} rows): {verdict}", gain=g["gain"], low=g["low"],
                   high=g["high"], rows=g["rows"], verdict=g["verdict"])


def made_of_line(res: dict) -> Message | None:
    """What a passing export's gain is made of, per label (core/labels.py), or None where
    there is nothing to say (no closed answer set, or nothing passed)."""
    if res.get("selection_outcome") not in PASSED:
        return None
    figures = res.get("labels") or {}
    if not figures.get("exported"):
        return None
    start = figures.get("initial")
    return lab.verdict(LabelStanding.from_dict(figures["exported"]),
                       LabelStanding.from_dict(start) if start else None)


def label_standings(res: dict) -> list[tuple[str, LabelStanding]]:
    """(which prompt, its per-label standing on the held-out rows) from a result record: the
    starting prompt and the exported one, once when the start is kept; none for open
    answers."""
    figures = res.get("labels") or {}
    start, export = figures.get("initial"), figures.get("exported")
    out = [("starting prompt", start)] if start else []
    if export and export != start:
        out.append(("exported prompt", export))
    return [(name, LabelStanding.from_dict(d)) for name, d in out]
