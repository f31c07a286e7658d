"""A scripted engine for fast, deterministic tests of the loop (the real model is covered by
the integration tests)."""
from __future__ import annotations

import json
import re
import time
from typing import Callable, Sequence

from gradsum.core.engine import CancelToken, Request, Result
from gradsum.core.evaluation import JUDGE_GRAMMAR
from gradsum.core.editor import EDITOR_GRAMMAR


def kind(req: Request) -> str:
    user = req.messages[-1][1]
    if req.grammar == JUDGE_GRAMMAR:
        return "judge"
    if req.grammar == EDITOR_GRAMMAR or "Current prompt template:" in user:
        return "editor"
    if "The answer failed." in user:
        return "gradient"
    if "Feedback on the prompt from several failed examples" in user:
        return "summary"
    return "task"


class ScriptedEngine:
    """Answers by request kind. The default 'task model' answers a row correctly only when the
    prompt says KEYWORD, and the default editor adds KEYWORD, so optimization can succeed."""

    KEYWORD = "digits only"

    def __init__(self, responders: dict[str, Callable[[Request], str]] | None = None,
                 model_id: str = "fake-model", delay: float = 0.0, log_path: str | None = None):
        self.model_id = model_id
        self.model_name = "scripted"
        self.notes: list[str] = []
        self.responders = {"task": self.task, "judge": self.judge, "gradient": self.gradient,
                           "summary": self.summary, "editor": self.editor}
        self.responders.update(responders or {})
        self.delay = delay
        self.log_path = log_path
        self.seen: list[tuple[str, Request]] = []

    # default behaviour ---------------------------------------------------------------------
    def task(self, req: Request) -> str:
        user = req.messages[-1][1]
        m = re.search(r"(\d+) \+ (\d+)", user)
        answer = str(int(m.group(1)) + int(m.group(2))) if m else "?"
        return answer if self.KEYWORD in user else f"Well, let me think. It is {answer}."

    def judge(self, req: Request) -> str:
        user = req.messages[-1][1]
        expected = re.search(r"Expected answer: (.*)", user)
        output = user.split("Answer to grade:\n", 1)[1].split("\n\n")[0].strip()
        ok = expected is not None and output == expected.group(1).strip()
        return json.dumps({"reasoning": "matches" if ok else "does not match", "score": int(ok)})

    def gradient(self, req: Request) -> str:
        return "The prompt should ask for digits only."

    def summary(self, req: Request) -> str:
        n = len(re.findall(r"^\d+\. ", req.messages[-1][1], re.M))
        return f"Across {n} failures: ask for digits only."

    def editor(self, req: Request) -> str:
        if req.grammar == EDITOR_GRAMMAR and "in other words" in req.messages[-1][1]:
            # a rephrasing of the starting prompt (full beam): different, not yet better
            return json.dumps({"instruction": f"Work out the answer to the question. "
                                              f"(variant {req.sampling.seed % 7})"})
        if req.grammar == EDITOR_GRAMMAR:
            return json.dumps({"instruction": f"Add the numbers; reply with {self.KEYWORD}. "
                                              f"(variant {req.sampling.seed % 7})"})
        return "Reply with digits only.\nQ: {question}"

    # the engine contract -------------------------------------------------------------------
    def generate_many(self, requests: Sequence[Request], cancel: CancelToken,
                      on_result=None) -> list[Result]:
        out = []
        for i, req in enumerate(requests):
            cancel.check()
            if self.delay:
                time.sleep(self.delay)
            k = kind(req)
            self.seen.append((k, req))
            text = self.responders[k](req)
            finish = "stop"
            if isinstance(text, tuple):  # (text, finish_reason)
                text, finish = text
            res = Result(text, prompt_tokens=len(req.messages[-1][1].split()),
                         completion_tokens=len(text.split()), ms=1.0, finish_reason=finish)
            if self.log_path:
                with open(self.log_path, "a") as f:
                    f.write(json.dumps([k, req.messages, req.sampling.seed]) + "\n")
            if on_result:
                on_result(i, res)
            out.append(res)
        return out

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def close(self) -> None:
        pass

    def count(self, k: str) -> int:
        return sum(1 for kk, _ in self.seen if kk == k)


class ForcedEngine(ScriptedEngine):
    """A scripted engine that also gives forced-answer log-probabilities: by default the
    'task model' gives the right answer a high probability only when the prompt says
    KEYWORD, as its generations are right only then."""

    def __init__(self, logprob: Callable[[Request, str], float] | None = None, **kw):
        super().__init__(**kw)
        self.logprob = logprob or self.default_logprob
        self.forced: list[tuple[Request, str]] = []

    def default_logprob(self, req: Request, answer: str) -> float:
        user = req.messages[-1][1]
        m = re.search(r"(\d+) \+ (\d+)", user)
        right = m is not None and answer == str(int(m.group(1)) + int(m.group(2)))
        return (-0.1 if self.KEYWORD in user else -3.0) if right else -5.0

    def answer_logprobs(self, requests, answers, cancel) -> list[float]:
        out = []
        for req, answer in zip(requests, answers):
            cancel.check()
            self.forced.append((req, answer))
            out.append(self.logprob(req, answer))
        return out
