import pytest

from gradsum.core.errors import GradSumError
from gradsum.core.template import (check_against_columns, placeholders, render,
                                   split_instruction, with_instruction)


def test_placeholders_in_order_unicode_and_literal_braces():
    t = "问题: {问题}\nContext: {context}\nJSON like {{\"a\": 1}} and {问题} again"
    assert placeholders(t) == ["问题", "context"]
    out = render(t, {"问题": "为什么?", "context": "c"})
    assert out == '问题: 为什么?\nContext: c\nJSON like {"a": 1} and 为什么? again'


@pytest.mark.parametrize("bad, fragment", [
    ("{x.__class__}", "attribute access"),
    ("{x[0]}", "attribute access"),
    ("{x:>10}", "format specs"),
    ("{x!r}", "not allowed"),
    ("{}", "Empty placeholder"),
    ("{1abc}", "not allowed"),
    ("hello {name", "never closed"),
    ("hello name}", "no opening"),
    ("{a{b}", "never closed"),
])
def test_unsafe_or_malformed_placeholders_are_errors(bad, fragment):
    with pytest.raises(GradSumError) as e:
        placeholders(bad)
    assert fragment in str(e.value)


def test_render_is_single_pass_so_data_cannot_inject_placeholders():
    out = render("Q: {q} / {secret}", {"q": "{secret}", "secret": "S"})
    assert out == "Q: {secret} / S"


def test_check_against_columns_errors():
    with pytest.raises(GradSumError, match="has no column 'query'"):
        check_against_columns("{query}", ["question", "answer"])
    with pytest.raises(GradSumError, match="does not use: extra"):
        check_against_columns("{question}", ["question"], {"extra": "question"})
    with pytest.raises(GradSumError, match="no placeholder"):
        check_against_columns("no data here", ["question"])
    with pytest.raises(GradSumError, match="expected answer"):
        check_against_columns("{answer}", ["question", "answer"], answer_column="answer")
    assert check_against_columns("{q}", ["question"], {"q": "question"}) == {"q": "question"}


@pytest.mark.parametrize("template, instruction", [
    ("Count the animals.\nBe exact.\nQ: {question}\nA:", "Count the animals.\nBe exact."),
    ("Q: {question}\nA:\nAnswer with a number.", "Answer with a number."),
    ("{question}", ""),
])
def test_instruction_split_keeps_scaffold(template, instruction):
    sp = split_instruction(template)
    assert sp.instruction == instruction
    new = with_instruction(sp, "Say {nothing} new")  # braces from the model stay literal
    assert placeholders(new) == placeholders(template)
    assert "Say {nothing} new" in render(new, {p: "" for p in placeholders(template)})
    assert with_instruction(sp, instruction) .strip() == template.strip() or instruction == ""


def test_display_width_counts_han_characters_twice_and_clip_respects_it():
    from gradsum.core.text import clip, display_width
    assert display_width("abc") == 3 and display_width("问题") == 4
    assert display_width("Ａ") == 2  # full-width Latin too
    zh = "根据材料回答问题，只写数字，不要解释。"
    cut = clip(zh, 11)
    assert cut.endswith("…") and display_width(cut) <= 11 and cut == "根据材料回…"
    assert clip("Answer the question", 11) == "Answer the…"
    assert clip("短\n文本", 40) == "短 文本"  # one line
    mixed = clip("问题 {问题} and {context}", 14)
    assert display_width(mixed) <= 14
