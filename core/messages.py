"""Messages that core writes in English and an interface can show in its own language.

A Message is the English text (it is a str: the CLI prints it, the store and the exports keep
it, tests compare it) that also remembers its template and arguments, as gettext and Qt
catalogues expect: the English template is the message's id. The GUI looks the template up in
its catalogue and fills in the arguments, translating those that are messages or fixed words
themselves (desktop/core_text.py). scripts/core_messages.py lists every template written in
core/ and models/ for the translators.

Templates use str.format fields by name ("{rows} rows"); literal braces are doubled.
"""
from __future__ import annotations

import json


class Message(str):
    template: str
    args: dict

    def __new__(cls, template: str, **args) -> "Message":
        self = super().__new__(cls, template.format(**args))
        self.template = template
        self.args = args
        return self

    def __getnewargs_ex__(self):  # pickling (the engine process sends its errors whole)
        return (self.template,), self.args

    def to_json(self) -> str:
        return json.dumps({"message": self.template, "args": _encode(self.args)},
                          ensure_ascii=False)


def _encode(args: dict) -> dict:
    return {k: {"message": v.template, "args": _encode(v.args)} if isinstance(v, Message)
            else v for k, v in args.items()}


def _decode(obj):
    if isinstance(obj, dict) and set(obj) == {"message", "args"}:
        return Message(obj["message"], **{k: _decode(v) for k, v in obj["args"].items()})
    return obj


def stored(value):
    """What the store keeps for a text that may be a Message: its JSON, so a reopened project
    still shows it translated; anything else unchanged."""
    return value.to_json() if isinstance(value, Message) else value


def loaded(value):
    """The inverse of `stored`: a Message again, or the value as it was (older projects kept
    plain English)."""
    if isinstance(value, str) and value.startswith('{"message": '):
        try:
            return _decode(json.loads(value))
        except (ValueError, TypeError, KeyError):
            return value
    return value


def message(text) -> Message:
    """Text as a Message: itself when it is one, else a template with no fields."""
    if isinstance(text, Message):
        return text
    return Message(str(text).replace("{", "{{").replace("}", "}}"))
