"""What a score on a closed answer set is made of: which option each output named, against
the expected one, per label.

Accuracy alone cannot tell a prompt that makes the model tell rows apart from one that makes
it answer one option to every row: on a balanced yes/no set both can score about 50%, and a
start whose replies name no option at all makes either look like a gain. So for every prompt
scored on rows with options, the outputs already there (no model call) give:
- the confusion table: expected label x answered (an option, "no option" or "several");
- per-label recall, and balanced accuracy (their mean), which is the chance level (one
  option at random) for any prompt that ignores the row;
- the answer spread: how many rows got each answer.

Where each row has its own options (dates, names), labels do not repeat across rows: they
are then the options' positions ("option 2"), and the figure tested is plain accuracy against
the mean over rows of 1 / the row's number of options.

Both tests are one mechanism: the figure is a weighted sum of per-row 0/1 results (a row of
label l weighs 1 / (labels x rows of l) in balanced accuracy, 1 / rows in accuracy), and under
"picking an option at random" each row is right with probability 1 / its options. The
one-sided p-value is the normal approximation to that sum (its exact mean and variance);
with the 40 to 100 held-out rows of a run the approximation is close, and it needs no
simulation.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from . import choices
from .messages import Message
from .answer_text import normalize

NONE = "(no option)"          # answered: the output names no option
SEVERAL = "(several)"         # answered: it names two or more
CORNER = "expected ↓ answered →"  # the confusion table's corner cell
ALPHA = 0.05                  # above chance: one-sided, at 5%
CONCENTRATED = 0.9            # right answers this much of one label, on mixed labels


@dataclass(frozen=True)
class LabelStanding:
    """One prompt's answers on some rows of a closed answer set."""
    labels: tuple[str, ...]             # the options (or positions), in the data's order
    pairs: tuple[tuple[str, str], ...]  # (expected, answered) per row, in row order
    chance: float                       # the figure's expected value when picking at random
    by_position: bool = False           # each row has its own options
    p_above_chance: float = 1.0         # one-sided, normal approximation (module docstring)

    # --- the figures -------------------------------------------------------------------
    @property
    def rows(self) -> int:
        return len(self.pairs)

    def confusion(self) -> dict[str, dict[str, int]]:
        """expected -> answered -> rows; answered keys are the labels, NONE and SEVERAL."""
        table = {e: {a: 0 for a in (*self.labels, NONE, SEVERAL)} for e in self.labels}
        for e, a in self.pairs:
            table[e][a] += 1
        return table

    def recall(self) -> dict[str, float | None]:
        """Per expected label: the share of its rows answered right (None: no such row)."""
        table = self.confusion()
        return {e: (row[e] / sum(row.values()) if sum(row.values()) else None)
                for e, row in table.items()}

    @property
    def accuracy(self) -> float:
        return sum(e == a for e, a in self.pairs) / self.rows if self.rows else 0.0

    @property
    def balanced(self) -> float:
        """The mean of the per-label recalls over the labels that occur; with labels by
        position it is accuracy (the figure tested against chance)."""
        if self.by_position:
            return self.accuracy
        seen = [r for r in self.recall().values() if r is not None]
        return sum(seen) / len(seen) if seen else 0.0

    def spread(self) -> Counter:
        """answered -> rows, most common first."""
        return Counter(a for _, a in self.pairs)

    def top_answer(self) -> tuple[str, int]:
        """The option answered most often and to how many rows ('', 0 when none is)."""
        named = [(a, n) for a, n in self.spread().most_common() if a not in (NONE, SEVERAL)]
        return named[0] if named else ("", 0)

    def constant_score(self, label: str) -> float:
        """The accuracy of answering `label` to every row."""
        return sum(e == label for e, _ in self.pairs) / self.rows if self.rows else 0.0

    # --- what a gain is made of ----------------------------------------------------------
    @property
    def above_chance(self) -> bool:
        return self.balanced > self.chance and self.p_above_chance < ALPHA

    @property
    def concentrated(self) -> bool:
        """Nearly all (90%) of the right answers carry one expected label while the expected
        labels are mixed (that label is under 90% of the rows): the prompt is right where it
        answers its favourite option, not because it tells the rows apart."""
        right = Counter(e for e, a in self.pairs if e == a)
        if not right:
            return False
        label, n = right.most_common(1)[0]
        return n >= CONCENTRATED * sum(right.values()) and \
            self.constant_score(label) < CONCENTRATED

    def tells_apart(self) -> bool:
        """The model's answers follow the rows: balanced accuracy above chance, and right
        answers not all of one label."""
        return self.above_chance and not self.concentrated

    # --- a record ------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Kept in the run's result record (and so in the .json export): the raw pairs and
        the figures a reader of the file would otherwise recompute."""
        return {"labels": list(self.labels), "pairs": [list(p) for p in self.pairs],
                "chance": self.chance, "by_position": self.by_position,
                "p_above_chance": self.p_above_chance, "rows": self.rows,
                "accuracy": self.accuracy, "balanced_accuracy": self.balanced,
                "recall": self.recall(), "confusion": self.confusion(),
                "spread": dict(self.spread()), "tells_apart": self.tells_apart()}

    @classmethod
    def from_dict(cls, d: dict) -> "LabelStanding":
        return cls(tuple(d["labels"]), tuple(tuple(p) for p in d["pairs"]), d["chance"],
                   d.get("by_position", False), d.get("p_above_chance", 1.0))


def position(i: int) -> str:
    return f"option {i + 1}"


def standing(outputs: Sequence[str], expected: Sequence[str | None],
             options: Sequence[Sequence[str] | None]) -> LabelStanding | None:
    """The label standing of outputs on their rows; None when no row has a closed answer set
    whose options include its expected answer (open answers: nothing to count)."""
    rows = []
    for out, exp, opts in zip(outputs, expected, options):
        if not opts or exp is None:
            continue
        opts = list(dict.fromkeys(opts))
        match = [o for o in opts if normalize(o) == normalize(exp)]
        if match:
            rows.append((out, match[0], opts))
    if not rows:
        return None
    fixed = len({frozenset(normalize(o) for o in opts) for _, _, opts in rows}) == 1
    pairs = []
    for out, exp, opts in rows:
        said = choices.named(out, opts)
        answer = NONE if not said else SEVERAL if len(said) > 1 else said[0]
        if not fixed:  # labels are positions in the row's own list
            exp = position(opts.index(exp))
            answer = position(opts.index(answer)) if answer in opts else answer
        pairs.append((exp, answer))
    if fixed:
        labels = tuple(rows[0][2])
        count = Counter(e for e, _ in pairs)
        present = [l for l in labels if count[l]]
        weight = {l: 1 / (len(present) * count[l]) for l in present}
        chance_each = [1 / len(labels)] * len(pairs)
        weights = [weight[e] for e, _ in pairs]
    else:
        labels = tuple(position(i) for i in range(max(len(o) for _, _, o in rows)))
        chance_each = [1 / len(o) for _, _, o in rows]
        weights = [1 / len(pairs)] * len(pairs)
    # (with fixed labels the weighted sum is exactly 1 / options; said so, not summed)
    mean = 1 / len(labels) if fixed else sum(w * p for w, p in zip(weights, chance_each))
    var = sum(w * w * p * (1 - p) for w, p in zip(weights, chance_each))
    figure = sum(w for w, (e, a) in zip(weights, pairs) if e == a)
    z = (figure - mean) / math.sqrt(var) if var > 0 else 0.0
    p = 0.5 * math.erfc(z / math.sqrt(2))
    return LabelStanding(labels, tuple(pairs), mean, not fixed, p)


# --- in words -------------------------------------------------------------------------------
def made_of(exported: LabelStanding | None, initial: LabelStanding | None) -> str | None:
    """'task' when the exported prompt's answers tell the rows apart better than the start's,
    'format' when its gain is only in the answer's form, None with no closed answer set."""
    if exported is None:
        return None
    better = initial is None or exported.balanced > initial.balanced
    return "task" if exported.tells_apart() and better else "format"


def verdict(exported: LabelStanding, initial: LabelStanding | None) -> Message:
    """What a confirmed gain is made of, in words (made_of says which)."""
    top, times = exported.top_answer()
    base = initial.balanced if initial else 0.0
    if made_of(exported, initial) == "task":
        return Message(
            "The new prompt is better at the task itself: balanced accuracy {new:.0%} against "
            "the starting prompt's {old:.0%} (picking an option at random: {chance:.0%}).",
            new=exported.balanced, old=base, chance=exported.chance)
    if exported.tells_apart():  # above chance, but no better than the start at it
        return Message(
            "The new prompt scores more rows, but it tells them apart no better than the "
            "starting prompt: balanced accuracy {new:.0%} against {old:.0%}. Its gain is in "
            "the answer's form (it answers '{label}' to {times} of {rows} rows).",
            new=exported.balanced, old=base, label=top, times=times, rows=exported.rows)
    return Message(
        "The new prompt's gain is in the answer's form: it does not tell the rows apart "
        "(balanced accuracy {new:.0%}; picking an option at random: {chance:.0%}). It answers "
        "'{label}' to {times} of {rows} rows; answering '{label}' to every row would score "
        "{constant:.0%}.", label=top, times=times, rows=exported.rows,
        new=exported.balanced, chance=exported.chance,
        constant=exported.constant_score(top) if top else 0.0)


def spread_line(s: LabelStanding) -> Message:
    """'answers plausible to 88 of 120 rows (73%); no option 20, several 12'."""
    top, times = s.top_answer()
    spread = s.spread()
    if not times:
        return Message(
            "names no single option on any of {rows} rows (no option on {none}, several on "
            "{several})", rows=s.rows, none=spread[NONE], several=spread[SEVERAL])
    return Message(
        "answers '{label}' to {times} of {rows} rows; no option on {none}, several on "
        "{several}; balanced accuracy {balanced:.0%} (chance {chance:.0%})", label=top,
        times=times, rows=s.rows, none=spread[NONE], several=spread[SEVERAL],
        balanced=s.balanced, chance=s.chance)


def grid(s: LabelStanding) -> list[list[str]]:
    """The confusion table as text cells: a header row of answers (the options, then NONE
    and SEVERAL), then one row per expected label with its counts. The CLI prints it, the
    reports and the Results tab draw it."""
    answers = [*s.labels, NONE, SEVERAL]
    table = s.confusion()
    return [["", *answers]] + [[e, *(str(table[e][a]) for a in answers)] for e in s.labels
                               if sum(table[e].values())]
