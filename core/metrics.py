"""Deterministic metrics: exact match, contains, regex, numeric equality, closed-set choice.

Each returns 1.0 or 0.0. They need no model, so a project that uses only these never
calls the judge.
"""
from __future__ import annotations

import math
import re
import unicodedata

from .answer_text import normalize
from .choices import choice, named
from .errors import GradSumError

METRICS = ("judge", "exact", "contains", "regex", "number", "choice")

def exact(output: str, expected: str) -> float:
    return float(normalize(output) == normalize(expected))


def contains(output: str, expected: str) -> float:
    """Expected answer appears as a whole word sequence ('plausible' is not in 'implausible')."""
    exp = normalize(expected)
    if not exp:
        return 0.0
    return float(re.search(rf"(?<!\w){re.escape(exp)}(?!\w)", normalize(output)) is not None)


def compile_regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern.replace("{answer}", "(?:ANSWER)"), re.IGNORECASE)
    except re.error as e:
        raise GradSumError(
            "Invalid regex metric pattern {pattern!r}: {e}.", pattern=pattern, e=e) from None


def regex(output: str, expected: str | None, pattern: str) -> float:
    """Pattern found in the output; the token {answer} in it stands for the expected answer."""
    compile_regex(pattern)
    pat = pattern.replace("{answer}", re.escape(expected or ""))
    return float(re.search(pat, output, re.IGNORECASE) is not None)


_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUM = re.compile(r"-?\d+(?:[.,]\d+)?")


def parse_number(text: str) -> float | None:
    """The last number in the text (digits or an English number word up to twenty)."""
    t = unicodedata.normalize("NFKC", text).lower()
    found: list[tuple[int, float]] = []
    for m in _NUM.finditer(t):
        found.append((m.start(), float(m.group().replace(",", "."))))
    for m in re.finditer(r"[a-z]+", t):
        if m.group() in _WORDS:
            found.append((m.start(), float(_WORDS[m.group()])))
    return max(found)[1] if found else None


def number(output: str, expected: str) -> float:
    want = parse_number(expected)
    got = parse_number(output)
    if want is None or got is None:
        return 0.0
    return float(math.isclose(want, got, rel_tol=1e-9, abs_tol=1e-9))


def parse_metric_spec(spec: str) -> tuple[str, str | None]:
    """'regex:PAT' -> ('regex', 'PAT'); 'exact' -> ('exact', None)."""
    name, _, arg = spec.partition(":")
    name = name.strip().lower()
    if name not in METRICS:
        raise GradSumError(
            "Unknown metric '{name}'. Choose from: judge, exact, contains, regex:PATTERN, number, "
            "choice.", name=name)
    if name == "regex":
        if not arg:
            raise GradSumError("The regex metric needs a pattern: regex:PATTERN.")
        compile_regex(arg)
        return name, arg
    return name, None


def zero_once_several_named(metric_specs: list[str]) -> bool:
    """Every metric gives 0 to a reply naming several of its row's options (see verdict), so
    the rest of such a reply cannot change its score: generation may stop there."""
    return bool(metric_specs) and all(
        parse_metric_spec(m)[0] in ("choice", "exact", "contains") for m in metric_specs)


def score(spec: str, output: str, expected: str | None,
          options: list[str] | None = None) -> float:
    return verdict(spec, output, expected, options)[0]


def verdict(spec: str, output: str, expected: str | None,
            options: list[str] | None = None) -> tuple[float, str]:
    """(score, reason). options: the row's closed answer set, if it has one: then `choice`
    needs exactly one option named, and `exact` and `contains` give 0 to an output naming
    several (it would otherwise win by listing them all)."""
    name, arg = parse_metric_spec(spec)
    if name == "regex":
        return _verdict(regex(output, expected, arg), name, expected)
    if expected is None:
        raise GradSumError("The '{name}' metric needs an expected-answer column.", name=name)
    if name == "choice":
        if not options:
            return 0.0, "choice: the row has no options to choose from"
        value, why = choice(output, expected, options)
        return value, f"choice: {why}"
    if options and name in ("exact", "contains"):
        said = named(output, options)
        if len(said) > 1:
            return 0.0, f"{name}: names several options ({', '.join(said)}); give exactly one"
    fn = {"exact": exact, "contains": contains, "number": number}[name]
    return _verdict(fn(output, expected), name, expected)


def _verdict(value: float, name: str, expected: str | None) -> tuple[float, str]:
    if value:
        return value, f"{name}: pass"
    return value, f"{name}: fail" + (f" (expected answer: {expected})" if expected is not None
                                     else "")
