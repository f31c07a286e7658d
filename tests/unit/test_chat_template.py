from gradsum.models.chat_template import ChatTemplate

GEMMA_LIKE = ("{% for m in messages %}{% if m['role'] == 'system' %}"
              "{{ raise_exception('System role not supported') }}{% endif %}"
              "<start_of_turn>{{ m['role'] }}\n{{ m['content'] }}<end_of_turn>\n{% endfor %}"
              "{{ '<start_of_turn>model\n' }}")


def test_missing_template_falls_back_to_chatml_visibly():
    t = ChatTemplate(None)
    assert t.is_fallback
    out = t.render([("system", "S"), ("user", "U")])
    assert out == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n" \
                  "<|im_start|>assistant\n"


def test_template_refusing_system_role_gets_it_folded_into_the_user_turn():
    out = ChatTemplate(GEMMA_LIKE).render([("system", "S"), ("user", "U")])
    assert out == "<start_of_turn>user\nS\n\nU<end_of_turn>\n<start_of_turn>model\n"


def test_template_runs_sandboxed():
    evil = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    import pytest
    from jinja2.exceptions import SecurityError
    with pytest.raises(SecurityError):
        ChatTemplate(evil).render([("user", "x")])
