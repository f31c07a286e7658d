"""One exception type for mistakes a user can act on; anything else is a bug."""
from .messages import Message


class GradSumError(Exception):
    """A problem with the user's input or environment, with a message that says what to do.

    Raised as GradSumError("template with {fields}", fields=...) (see core/messages.py), or
    with a ready Message; `message` keeps the template so the GUI can translate it."""

    def __init__(self, template: str | Message, **args):
        self.message = template if isinstance(template, Message) and not args \
            else Message(template, **args)
        super().__init__(self.message)


class Cancelled(Exception):
    """The user cancelled; the run stays resumable."""


class BudgetExceeded(Exception):
    """A budget limit (calls, tokens, wall time) was reached; the run ends with the best so far."""

    def __init__(self, which: str, limit):
        super().__init__(Message("budget reached: {which} (limit {limit})", which=which,
                                 limit=limit))
        self.which = which
        self.limit = limit
