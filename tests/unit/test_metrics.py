import pytest

from gradsum.core import metrics
from gradsum.core.errors import GradSumError


def test_exact_normalises_case_width_punctuation():
    assert metrics.exact("  Plausible. ", "plausible") == 1.0
    assert metrics.exact("ＡＢＣ", "abc") == 1.0
    assert metrics.exact("implausible", "plausible") == 0.0


def test_contains_respects_word_boundaries():
    assert metrics.contains("It is plausible, I think", "plausible") == 1.0
    assert metrics.contains("That is implausible", "plausible") == 0.0


def test_number_takes_last_number_and_words():
    assert metrics.number("I count 3 dogs and 2 cats, so 5", "5") == 1.0
    assert metrics.number("There are eleven animals", "11") == 1.0
    assert metrics.number("about 4", "5") == 0.0
    assert metrics.number("no idea", "5") == 0.0


def test_regex_with_answer_token():
    assert metrics.score("regex:^answer: {answer}$", "Answer: 42", "42") == 1.0
    assert metrics.score("regex:^answer: {answer}$", "Answer: 41", "42") == 0.0
    with pytest.raises(GradSumError, match="Invalid regex"):
        metrics.parse_metric_spec("regex:(")
    with pytest.raises(GradSumError, match="Unknown metric"):
        metrics.parse_metric_spec("bleu")
