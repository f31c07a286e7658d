"""The Selector's whole rule with a scripted scorer and no Search: racing on the validation
rows, pruning a winner, assembling the family, and scoring the confirmation rows lazily.
Each prompt's scores per row are written out below; the scorer logs what it was asked."""
from gradsum.core.origins import Origin
from gradsum.core.selection import Described, Selector, planned
from gradsum.core.settings import RunConfig

VAL = list(range(100, 116))  # 16 validation row ids
START = "Answer."


class Scripted:
    """Scores from tables (prompt -> one score per row); every request is logged."""

    def __init__(self, val: dict[str, list[float]], test: dict[str, list[float]] | None = None,
                 origins: dict[str, Origin] | None = None):
        self.val, self.test, self.origins = val, test or {}, origins or {}
        self.asked: list[tuple[tuple[str, ...], tuple[int, ...]]] = []
        self.held: list[tuple[str, ...]] = []
        self.kept: dict[str, int] = {}
        self.added: list[tuple[str, str]] = []
        self.seq: dict[str, int] = {}

    def validation(self, prompts, rows):
        self.asked.append((tuple(prompts), tuple(rows)))
        return {p: [self.val[p][VAL.index(r)] for r in rows] for p in prompts}

    def held_out(self, prompts):
        self.held.append(tuple(prompts))
        return {p: list(self.test[p]) for p in prompts}

    def labels(self, key, split):
        return None  # open answers

    def describe(self, prompt):
        seq = self.seq.setdefault(prompt, len(self.seq))
        return Described("k" + prompt, seq, len(prompt.split()),
                         self.origins.get(prompt, Origin.EDITOR))

    def ranked_on(self, scored, rows):
        self.kept[scored.prompt] = rows

    def shorter(self, prompt, part):
        """Sentences are the parts; the only sentence must stay."""
        sents = [s for s in prompt.split(". ") if s]
        if len(sents) == 1:
            return None, 1
        if part >= len(sents):
            return prompt, len(sents)
        return ". ".join(s for i, s in enumerate(sents) if i != part), len(sents)

    def add_pruned(self, prompt, parent, winner):
        self.added.append((prompt, parent))
        self.origins[prompt] = Origin.PRUNED


def rows(right: int) -> list[float]:
    """A standing right on the first `right` of the 16 validation rows."""
    return [1.0] * right + [0.0] * (16 - right)


def selector(**kw) -> Selector:
    return Selector(k=3, start=START, val_rows=VAL, **kw)


def test_racing_halves_the_candidates_and_never_asks_for_a_row_twice():
    # candidate i is right on the rows whose position in each eight is 7 - i or later: the
    # higher, the better on every quarter of the rows
    cands = {f"Candidate {i}.": [float(j % 8 >= 7 - i) for j in range(16)] for i in range(8)}
    scorer = Scripted({START: rows(6), **cands})
    sel = selector(beam=3)
    sel.validate(scorer, [START], race=False)
    sel.validate(scorer, list(cands))
    # 8 on a quarter of the rows, the better 4 on the next quarter, the best 3 on the rest
    assert [(len(p), r) for p, r in scorer.asked[1:]] == [
        (8, tuple(VAL[:4])), (4, tuple(VAL[4:8])), (3, tuple(VAL[8:]))]
    survivors = set(scorer.asked[-1][0])
    assert survivors == {"Candidate 7.", "Candidate 6.", "Candidate 5."}
    assert all(sel.get(p).complete == (p in survivors) for p in cands)
    assert {p: scorer.kept[p] for p in cands} == {
        p: 16 if p in survivors else 4 if p not in scorer.asked[2][0] else 8 for p in cands}
    assert sel.ranked()[0].prompt == "Candidate 7."
    assert sel.tried(sel.get(START)) == 3  # only those measured on every row


def test_without_racing_every_candidate_sees_every_row_once():
    cands = {f"Candidate {i}.": rows(i) for i in range(6)}
    scorer = Scripted({START: rows(6), **cands})
    sel = selector(beam=3, racing=False)
    sel.validate(scorer, list(cands))
    sel.validate(scorer, list(cands))  # known ones are not asked again
    assert scorer.asked == [(tuple(cands), tuple(VAL))]
    assert all(sel.get(p).complete for p in cands)


def test_pruning_keeps_a_drop_that_ties_and_refuses_one_that_loses_a_row():
    winner = "Count the apples. Think of bananas. Reply with a number"
    scorer = Scripted({
        START: rows(4), winner: rows(12),
        # without the first sentence: one row fewer (refused); without the junk: a tie (kept)
        "Think of bananas. Reply with a number": rows(11),
        "Count the apples. Reply with a number": rows(12),
        # then, from the kept form: each remaining drop loses
        "Reply with a number": rows(9), "Count the apples": rows(10)})
    sel = selector()
    sel.validate(scorer, [START], race=False)
    sel.validate(scorer, [winner], race=False)
    family = sel.confirmation_family(scorer, sel.get(START))
    # the pruned form ties with the winner and is shorter: it ranks first, the winner after
    assert [c.prompt for c in family] == ["Count the apples. Reply with a number", winner]
    assert family[0].origin == Origin.PRUNED
    assert ("Count the apples. Reply with a number", winner) in scorer.added
    # trials not kept leave the pool's ranking (and the count of candidates tried)
    assert "kThink of bananas. Reply with a number" in sel.discarded
    assert all(c.prompt != "Reply with a number" for c in sel.ranked())


def test_words_a_person_wrote_are_neither_pruned_nor_left_out_of_the_family():
    mine = "Count the apples. Reply with a number"
    edits = {f"Edit {i}. Be brief": rows(14 - i) for i in range(3)}
    scorer = Scripted({START: rows(4), mine: rows(8), **edits,
                       "Edit 0": rows(13), "Be brief": rows(2)},
                      origins={START: Origin.INITIAL, mine: Origin.OWN_WORDS})
    sel = selector(prune=False)
    sel.validate(scorer, [START, mine, *edits], race=False)
    family = sel.confirmation_family(scorer, sel.get(START))
    # the top two edits, and the best prompt a person wrote in the last place
    assert [c.prompt for c in family] == ["Edit 0. Be brief", "Edit 1. Be brief", mine]
    assert not scorer.added  # prune=False: nothing tried
    pruning = selector()
    pruning.validate(scorer, [START, mine, *edits], race=False)
    assert pruning.confirmation_family(scorer, pruning.get(START))[0].prompt == "Edit 0. Be brief"
    assert scorer.added and all(parent != mine for _, parent in scorer.added)
    # the preference: a person's words are scored on the held-out rows first
    assert [c.prompt for c in Selector.preference(family)][0] == mine


def test_confirmation_scores_the_start_and_members_only_until_the_export_is_decided():
    a, b, c = "Edit A.", "Edit B.", "Edit C."
    held = {START: [0.0] * 60 + [1.0] * 40, a: [1.0] * 100, b: [1.0] * 100, c: [1.0] * 100}
    scorer = Scripted({START: rows(4), a: rows(14), b: rows(13), c: rows(12)}, held)
    sel = selector()
    sel.validate(scorer, [START, a, b, c], race=False)
    family = sel.confirmation_family(scorer, sel.get(START))
    chosen = sel.confirm(scorer, sel.get(START), family, held_out=True)
    assert chosen.outcome == "confirmed" and chosen.exported.prompt == a
    assert scorer.held == [(START, a)]  # one member decided it: b and c were never scored
    assert [t.p is None for t in chosen.family] == [False, True, True]
    # a member that does not pass on its own makes the next one scored
    held[a] = list(held[START])
    scorer2 = Scripted(scorer.val, held)
    sel2 = selector()
    sel2.validate(scorer2, [START, a, b, c], race=False)
    out = sel2.confirm(scorer2, sel2.get(START), sel2.confirmation_family(scorer2,
                                                                          sel2.get(START)),
                       held_out=True)
    assert out.exported.prompt == b and scorer2.held == [(START, a), (b,)]


def test_no_held_out_rows_means_the_validation_rows_decide_with_the_full_correction():
    scorer = Scripted({START: rows(2), "Edit A.": rows(15)})
    sel = selector(planned=40)
    sel.validate(scorer, [START, "Edit A."], race=False)
    family = sel.confirmation_family(scorer, sel.get(START))
    out = sel.confirm(scorer, sel.get(START), family, held_out=False)
    assert not scorer.held and out.outcome == "no_test"  # 13 of 13 changed rows: p < 5%/40


def test_the_planned_count_is_every_candidate_a_run_may_try():
    cfg = RunConfig(iterations=2, beam=3, candidates=4, format_rule=True, own_words=True,
                    rephrasings=True, demos=0)
    assert planned(cfg) == 2 * 3 * 4 + 1 + 2 + 2 * 3
    assert Selector.for_run(cfg, START, VAL).planned == planned(cfg)
