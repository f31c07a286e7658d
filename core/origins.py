"""Where a candidate prompt came from, stored with it (core/candidates.py). One list, read by
the selection rule (whose words a candidate is), the run record and the views."""
from __future__ import annotations

from enum import StrEnum

# the user's texts that become an instruction (own_words): the task description, it with the
# criteria, the criteria alone; each also with the format rule on a closed answer set
OWN_TEXTS = 3


class Origin(StrEnum):
    INITIAL = "initial"      # the user's starting prompt
    USER = "user"            # the user's own variants and edits
    FORMAT = "format"        # the start with code's answer-format rule
    OWN_WORDS = "own_words"  # the user's task description or criteria as the instruction
    DEMOS = "demos"          # the start with solved training rows as examples
    EDITOR = "editor"        # the optimizer model's edit
    REPHRASE = "rephrase"    # the optimizer model's rephrasing of the start (filling the beam)
    PRUNED = "pruned"        # a winner with parts that did not earn their place dropped

    @property
    def by_people(self) -> bool:
        """Words a person wrote (and code's sentences around them): handed over before the
        optimizer model's, and never pruned."""
        return self in PEOPLE

    @property
    def by_optimizer(self) -> bool:
        """Words the optimizer model wrote: pruned before confirmation."""
        return self in (Origin.EDITOR, Origin.REPHRASE)


PEOPLE = frozenset({Origin.INITIAL, Origin.USER, Origin.FORMAT, Origin.OWN_WORDS,
                    Origin.DEMOS})
