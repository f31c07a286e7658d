import json
import threading
import time

import pytest

from gradsum.core.engine import CancelToken, Request, Sampling
from gradsum.core.errors import Cancelled, GradSumError
from gradsum.core.evaluation import JUDGE_GRAMMAR, parse_judge
from gradsum.core.editor import EDITOR_GRAMMAR, parse_instruction
from gradsum.models.llama_engine import LlamaEngine


def test_metadata_chat_template_and_identity(real_engine, model_path):
    info = real_engine.info()
    assert info["chat_template"] == "from GGUF" and real_engine.notes == []
    assert len(real_engine.model_id) == 64
    text = real_engine.template.render([("system", "S"), ("user", "U")])
    assert text.startswith("<|im_start|>system\nS<|im_end|>") and text.endswith("assistant\n")


def test_greedy_is_deterministic_and_counts_tokens(real_engine):
    req = Request.chat("What is 2 + 3? Reply with a number.", sampling=Sampling(max_tokens=12))
    a, b = real_engine.generate_many([req, req], CancelToken())
    assert a.text == b.text and a.text.strip()
    assert a.completion_tokens <= 12 and a.prompt_tokens > 5


def test_grammars_force_parseable_output(real_engine):
    judge = Request.chat("Grade: the answer 'seven' to 'what is 3+4' is correct?",
                         sampling=Sampling(max_tokens=96), grammar=JUDGE_GRAMMAR)
    edit = Request.chat("Improve the instruction 'Count.' Reply in JSON.",
                        sampling=Sampling(temperature=0.8, seed=5, max_tokens=60),
                        grammar=EDITOR_GRAMMAR)
    j, e = real_engine.generate_many([judge, edit], CancelToken())
    score, reason = parse_judge(j.text)
    assert score in (0.0, 1.0) and json.loads(j.text)["reasoning"] == reason
    assert "{" not in parse_instruction(e.text) and "}" not in parse_instruction(e.text)


def test_row_longer_than_context_is_reported_not_fatal(model_path):
    eng = LlamaEngine(model_path, n_ctx=128)
    long = Request.chat("word " * 400)
    ok = Request.chat("Say hi.", sampling=Sampling(max_tokens=4))
    r_long, r_ok = eng.generate_many([long, ok], CancelToken())
    assert r_long.finish_reason == "overflow" and r_long.text == ""
    assert r_ok.text.strip()
    eng.close()


def test_cancel_stops_generation_within_a_second(real_engine):
    cancel = CancelToken()
    req = Request.chat("Write a very long story about a dragon.",
                       sampling=Sampling(max_tokens=4000, temperature=0.7, seed=1))
    threading.Timer(0.5, cancel.cancel).start()
    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        real_engine.generate_many([req], cancel)
    assert time.monotonic() - t0 < 1.5  # 0.5 s until cancel + under 1 s to stop
    # the engine still works afterwards
    r = real_engine.generate_many([Request.chat("Say hi.", sampling=Sampling(max_tokens=4))],
                                  CancelToken())
    assert r[0].text.strip()


def test_bad_model_files_get_specific_errors(tmp_path):
    (tmp_path / "zero.gguf").write_bytes(b"")
    (tmp_path / "text.gguf").write_text("hello, not a model")
    (tmp_path / "ver.gguf").write_bytes(b"GGUF" + (99).to_bytes(4, "little") + b"\0" * 64)
    with pytest.raises(GradSumError, match="wrong magic"):
        LlamaEngine(tmp_path / "zero.gguf")
    with pytest.raises(GradSumError, match="wrong magic"):
        LlamaEngine(tmp_path / "text.gguf")
    with pytest.raises(GradSumError, match="GGUF version 99"):
        LlamaEngine(tmp_path / "ver.gguf")
    with pytest.raises(GradSumError, match="not found"):
        LlamaEngine(tmp_path / "missing.gguf")


def test_truncated_gguf_fails_cleanly(tmp_path, model_path):
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(model_path.read_bytes()[:2_000_000])
    with pytest.raises(GradSumError, match="cut.gguf is truncated"):
        LlamaEngine(cut)
    header_only = tmp_path / "head.gguf"
    header_only.write_bytes(model_path.read_bytes()[:5000])
    with pytest.raises(GradSumError, match="head.gguf is truncated: its header ends early"):
        LlamaEngine(header_only)


def test_engine_refuses_a_foreign_thread(real_engine):
    errors = []

    def use():
        try:
            real_engine.generate_many([Request.chat("hi")], CancelToken())
        except RuntimeError as e:
            errors.append(str(e))

    t = threading.Thread(target=use)
    t.start()
    t.join()
    assert errors and "thread" in errors[0]
