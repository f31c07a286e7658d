"""Which prompt a run hands over: the whole rule, in one place.

The search explores freely on the validation rows and ranks candidates by their standing
there (core/signal.py: the metric, or the finer forced-answer signal). Ranking many
candidates on the same rows makes the best of them look better than it is, so the ranking
never decides what is exported. Before the held-out (confirmation) rows are looked at, a
small family is fixed: the top k (k <= 3) candidates in validation order that rank above the
starting prompt, one of them the best that a person wrote (the user's own words, edited or
extra prompts) when one ranks above the start, and the top one's pruned form
(Selector.prune: its sentences and phrases that did not earn their place dropped) right
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

The Selector holds the whole rule and no I/O: it keeps every candidate's standing, races new
candidates on the validation rows (successive halving, as ProTeGi's bandit selection),
prunes the winner, fixes the family and scores it lazily, asking a Scorer (core/search.py's
Search, or a test's script) for scores and records, and calling no model and no store
itself.

With no confirmation rows the best candidate must beat the starting prompt on the
validation rows themselves, by a sign test corrected for every candidate tried (the only
honest test left); its words say it is unconfirmed. RunConfig.confirmation = "bonferroni"
keeps the previous rule for the ablation: the first candidate that beats the start on
validation by that corrected test, exported when its held-out mean is higher.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Iterable, Protocol, Sequence

from . import labels as lab
from .labels import LabelStanding
from .messages import stored
from .origins import OWN_TEXTS, Origin
from .settings import RunConfig
from .stats import ALPHA, Gain, compare, gain, holm

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
    origin: Origin = Origin.EDITOR  # core/origins.py

    def __post_init__(self):
        self.origin = Origin(self.origin)  # the store keeps it as its text


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

    @property
    def decision(self) -> "Decision":
        return Decision(self.outcome, self.rule, self.signal, self.confirm_rows, self.tried,
                        self.family, self.notes)


@dataclass(frozen=True)
class Decision:
    """What a Selection leaves in the run's result record (core/result.py): the outcome, the
    rule, and each family member's test."""
    outcome: str = "no_win"            # one of OUTCOMES
    rule: str = FAMILY
    signal: str = "metric"
    confirm_rows: int = 0
    tried: int = 0
    family: tuple[Tested, ...] = ()
    notes: tuple = ()                  # Messages (stored as JSON; messages.loaded reads them)

    def to_dict(self) -> dict:
        return {"outcome": self.outcome, "rule": self.rule, "signal": self.signal,
                "confirm_rows": self.confirm_rows, "tried": self.tried,
                "family": [asdict(t) for t in self.family],
                "notes": [stored(n) for n in self.notes]}

    @classmethod
    def from_dict(cls, d: dict) -> "Decision":
        return cls(d.get("outcome", "no_win"), d.get("rule", FAMILY), d.get("signal", "metric"),
                   d.get("confirm_rows", 0), d.get("tried", 0),
                   tuple(Tested(**t) for t in d.get("family") or ()), tuple(d.get("notes") or ()))


@dataclass(frozen=True)
class Described:
    """What the store knows of a candidate: its key, its order of creation, its length in
    tokens and its origin (the ranking's tie-breaks and the preference read them)."""
    key: str
    seq: int
    tokens: int
    origin: Origin


class Scorer(Protocol):
    """What the Selector asks of a run; core/search.py's Search is one, the tests script one.
    It scores prompts and keeps the records; the Selector decides, and calls no model and no
    store itself."""

    def validation(self, prompts: list[str], rows: list[int]) -> dict[str, list[float]]:
        """Each prompt's standing on each of these validation rows, in their order."""

    def held_out(self, prompts: list[str]) -> dict[str, list[float]]:
        """Each prompt's score on every confirmation row, in one order."""

    def labels(self, key: str, split: str) -> LabelStanding | None:
        """A scored prompt's per-label standing on a split's rows ("val" or "test"); None for
        open answers."""

    def describe(self, prompt: str) -> Described:
        """The candidate's record (every prompt scored is a candidate of the run)."""

    def ranked_on(self, scored: "Scored", rows: int) -> None:
        """Keep a candidate's validation standing, measured on `rows` rows so far."""

    def shorter(self, prompt: str, part: int) -> tuple[str | None, int]:
        """The prompt with part `part` of its own instruction dropped (None when that part
        must stay), and how many parts it has (core/candidates.py, Candidates.without_part)."""

    def add_pruned(self, prompt: str, parent: str, winner: "Scored") -> None:
        """Record a pruning trial as a candidate of the run (a child of `parent`)."""


def planned(cfg: RunConfig) -> int:
    """Every candidate a run may try: the Bonferroni ablation's and the no-held-out test's
    correction, fixed before looking."""
    return cfg.iterations * cfg.beam * cfg.candidates + len(cfg.extra_prompts) + \
        int(cfg.format_rule) + int(cfg.demos > 0) + (cfg.beam - 1) * cfg.rephrasings + \
        2 * OWN_TEXTS * cfg.own_words


class Selector:
    def __init__(self, rule: str = FAMILY, k: int = 3, length_penalty: float = 0.0,
                 seed: int = 0, planned: int = 1, alpha: float = ALPHA, *, beam: int = 3,
                 racing: bool = True, prune: bool = True, start: str = "",
                 val_rows: Sequence[int] = ()):
        self.rule, self.k, self.alpha = rule, max(1, k), alpha
        self.length_penalty, self.seed, self.planned = length_penalty, seed, max(1, planned)
        self.beam, self.racing, self.prune_winners = beam, racing, prune
        self.start, self.val_rows = start, list(val_rows)  # the starting prompt's text
        # the pool: every candidate ranked on the validation rows, by key
        self.scored: dict[str, Scored] = {}
        self.keys: dict[str, str] = {}  # prompt -> key, for the prompts in the pool
        self.discarded: set[str] = set()  # pruning trials that were not kept

    @classmethod
    def for_run(cls, cfg: RunConfig, start: str, val_rows: Sequence[int]) -> "Selector":
        return cls(cfg.confirmation, cfg.family_size, cfg.length_penalty, cfg.seed,
                   planned(cfg), beam=cfg.beam, racing=cfg.racing, prune=cfg.prune,
                   start=start, val_rows=val_rows)

    # --- the pool ----------------------------------------------------------------------------
    def known(self, prompt: str) -> bool:
        return prompt in self.keys

    def get(self, prompt: str) -> Scored:
        return self.scored[self.keys[prompt]]

    def ranked(self, prompts: Sequence[str] | None = None) -> list[Scored]:
        """The given prompts, or every candidate but the pruning trials not kept, best first."""
        pool = [self.get(p) for p in prompts] if prompts is not None else \
            [s for k, s in self.scored.items() if k not in self.discarded]
        return self.rank(pool)

    def tried(self, initial: Scored) -> int:
        """Candidates ranked on every validation row, besides the start."""
        return sum(1 for k, x in self.scored.items() if x.complete and k != initial.key
                   and k not in self.discarded)

    def validate(self, scorer: Scorer, prompts: Sequence[str], race: bool = True) -> None:
        """Standing of new prompts on the validation rows. With racing (successive halving,
        as ProTeGi's bandit selection): every candidate on a quarter of the rows, the better
        half on twice as many, until the survivors have seen every row; a survivor is only
        asked for the rows it has not seen. The starting prompt always sees every row: every
        candidate is judged against it."""
        todo = [p for p in dict.fromkeys(prompts) if not self.known(p)]
        rows = self.val_rows
        if not todo:
            return
        if not (race and self.racing) or len(todo) <= self.beam:
            self._record(scorer, todo, scorer.validation(todo, rows), complete=True)
            return
        alive, n, seen = todo, max(2, len(rows) // 4), 0
        got: dict[str, list[float]] = {p: [] for p in todo}
        while True:
            last = n >= len(rows) or len(alive) <= self.beam
            n = len(rows) if last else n
            for p, vals in scorer.validation(alive, rows[seen:n]).items():
                got[p] += vals
            seen = n
            if last:
                self._record(scorer, alive, got, complete=True)
                return
            mean = {p: sum(got[p]) / n for p in alive}
            order = sorted(alive, key=lambda p: (p != self.start, -mean[p]))
            keep = max(self.beam, (len(alive) + 1) // 2) + (self.start in alive)
            self._record(scorer, order[keep:], got, complete=False)
            alive, n = order[:keep], n * 2

    def _record(self, scorer: Scorer, prompts: list[str], got: dict[str, list[float]],
                complete: bool) -> None:
        for p in prompts:
            d = scorer.describe(p)
            s = self.standing(p, d.key, got[p], d.seq, d.tokens, complete, d.origin)
            scorer.ranked_on(s, len(got[p]))
            self.scored[d.key], self.keys[p] = s, d.key

    # --- ranking on the validation rows ----------------------------------------------------
    def standing(self, prompt: str, key: str, rows: Sequence[float], seq: int, tokens: int,
                 complete: bool, origin: Origin = Origin.EDITOR) -> Scored:
        val = sum(rows) / len(rows) if rows else 0.0
        return Scored(prompt, key, val, val - self.length_penalty * tokens / 100, seq,
                      complete, tuple(rows), tokens, Origin(origin))

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
        mine = next((c for c in above if c.origin.by_people), None)
        if mine is not None and mine not in family:
            family = family[:self.k - 1] + [mine]
        if pruned is not None and pruned in above and pruned not in family:
            kept = [c for c in family[1:] if c.origin.by_people][:1]
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

    def prune(self, scorer: Scorer, winner: Scored) -> Scored:
        """Drop each sentence of the winner's own instruction, and each phrase a sentence
        sets off with a comma, in turn (GrIPS's delete edit), and keep every drop that does not
        lower its validation standing (no_worse: against the winner itself, so no loss can add
        up over a chain of drops) and keeps answers that tell the rows apart."""
        current, i = winner, 0
        while True:
            prompt, parts = scorer.shorter(current.prompt, i)
            if i >= parts:
                return current
            if prompt is None:  # a part that must stay (the only sentence, a main clause)
                i += 1
                continue
            if not self.known(prompt):
                scorer.add_pruned(prompt, current.prompt, winner)
                self._record(scorer, [prompt], scorer.validation([prompt], self.val_rows),
                             complete=True)
            cand = self.get(prompt)
            if self.no_worse(cand, winner, scorer.labels(cand.key, "val")):
                if current is not winner:  # an intermediate step: only the last one ranks
                    self.discarded.add(current.key)
                current = cand  # the same index now names the next part
            else:
                self.discarded.add(cand.key)
                i += 1

    def confirmation_family(self, scorer: Scorer, initial: Scored) -> list[Scored]:
        """The candidates to test on the held-out rows, fixed before looking at them; the
        winner pruned first when the optimizer model wrote it (words a person wrote, the
        user's own or edited ones, are handed over as written)."""
        family = self.family(initial, self.ranked())
        if self.prune_winners and family and family[0].origin.by_optimizer:
            pruned = self.prune(scorer, family[0])
            if pruned.key != family[0].key:
                family = self.family(initial, self.ranked(), pruned)
        return family

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
        return sorted(family, key=lambda c: 0 if c.origin.by_people
                      else 1 if c.origin == Origin.PRUNED else 2)  # stable: validation order

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

    def confirm(self, scorer: Scorer, initial: Scored, family: Sequence[Scored], *,
                held_out: bool, signal: str = "metric", notes: Sequence = ()) -> Selection:
        """Score the start and the members on the confirmation rows, member by member in
        preference order until the scored ones decide the export (next_to_score), then
        decide. held_out: whether the run has confirmation rows (with none, the validation
        rows decide, by the corrected test)."""
        confirm: dict[str, list[float]] | None = None
        standings: dict[str, LabelStanding | None] = {}
        if held_out:  # (with no family, the start's held-out score, for the record)
            confirm = {}
            # members whose answers told the validation rows apart (core/labels.py)
            promising = {c.key for c in family if (
                s := scorer.labels(c.key, "val")) is None or s.tells_apart()}
            by_key = {c.key: c for c in [initial, *family]}
            todo = [initial] + self.preference(family)[:1]
            while todo:
                got = scorer.held_out([c.prompt for c in todo])
                confirm.update({c.key: got[c.prompt] for c in todo})
                standings.update({k: scorer.labels(k, "test")
                                  for k in confirm if k not in standings})  # new ones only
                nxt = self.next_to_score(initial, family, confirm, standings, promising)
                todo = [by_key[nxt.key]] if nxt else []
        return self.decide(initial, family, confirm, signal=signal, tried=self.tried(initial),
                           notes=notes, labels=standings)

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
