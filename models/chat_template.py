"""Chat messages -> prompt text with the model's own chat template (GGUF metadata).

The template is untrusted text from a downloaded file, so it is rendered in Jinja's immutable
sandbox. A model without a template gets ChatML, and the engine reports that fallback.
"""
from __future__ import annotations

from datetime import datetime

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..core.errors import GradSumError

CHATML = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
          "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def _raise(msg):
    raise TemplateError(msg)


class ChatTemplate:
    def __init__(self, source: str | None, bos: str = "", eos: str = ""):
        self.is_fallback = not source
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.globals["raise_exception"] = _raise
        env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
        try:
            self._tpl = env.from_string(source or CHATML)
        except TemplateError as e:
            raise GradSumError("The model's chat template is invalid: {e}", e=e) from None
        self.bos, self.eos = bos, eos

    def render(self, messages: list[tuple[str, str]]) -> str:
        msgs = [{"role": r, "content": c} for r, c in messages]
        try:
            return self._render(msgs)
        except TemplateError:
            # some templates (Gemma, Mistral) refuse a system role: fold it into the user turn
            if msgs and msgs[0]["role"] == "system" and len(msgs) > 1:
                merged = [{"role": "user", "content": msgs[0]["content"] + "\n\n" +
                           msgs[1]["content"]}] + msgs[2:]
                try:
                    return self._render(merged)
                except TemplateError as e:
                    raise GradSumError("The model's chat template failed: {e}", e=e) from None
            raise

    def _render(self, msgs) -> str:
        return self._tpl.render(messages=msgs, add_generation_prompt=True,
                                bos_token=self.bos, eos_token=self.eos)
