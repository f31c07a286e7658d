"""One exception type for mistakes a user can act on; anything else is a bug."""


class GradSumError(Exception):
    """A problem with the user's input or environment, with a message that says what to do."""


class Cancelled(Exception):
    """The user cancelled; the run stays resumable."""


class BudgetExceeded(Exception):
    """A budget limit (calls, tokens, wall time) was reached; the run ends with the best so far."""

    def __init__(self, which: str, limit):
        super().__init__(f"budget reached: {which} (limit {limit})")
        self.which = which
        self.limit = limit
