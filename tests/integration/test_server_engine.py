"""The OpenAI-compatible server engine against llama-cpp-python's own server on 127.0.0.1
(started through gradsum.models.serve, which loads this build's CPU kernels first)."""
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from gradsum.core import project
from gradsum.core.demo import create_demo
from gradsum.core.engine import CancelToken, Request, Sampling
from gradsum.core.errors import Cancelled, GradSumError
from gradsum.core.evaluation import JUDGE_GRAMMAR, parse_judge
from gradsum.core.settings import ModelSpec, RunConfig
from gradsum.models.factory import load_engines
from gradsum.models.server_engine import ServerEngine

pytest.importorskip("uvicorn", reason="install llama-cpp-python[server] (test extra)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(model_path, tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("server") / "server.log", "w+b")  # a pipe would fill up
    proc = subprocess.Popen(
        [sys.executable, "-m", "gradsum.models.serve", "--model", str(model_path), "--host",
         "127.0.0.1", "--port", str(port), "--n_ctx", "2048", "--n_threads", "1",
         "--model_alias", "smollm2"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/models", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode()[-2000:])
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("llama_cpp.server did not start in 120 s")
    yield url
    proc.terminate()
    proc.wait(10)


def test_parallel_requests_with_grammar(server):
    eng = ServerEngine(server, parallel=4)
    assert eng.model == "smollm2"
    reqs = [Request.chat(f"What is {i} + 1? Reply with a number.",
                         sampling=Sampling(max_tokens=16)) for i in range(5)]
    reqs.append(Request.chat("Is 'four' right for 2+2?", sampling=Sampling(max_tokens=96),
                             grammar=JUDGE_GRAMMAR))
    seen = []
    res = eng.generate_many(reqs, CancelToken(), lambda i, r: seen.append(i))
    assert sorted(seen) == list(range(6))
    assert all(r.text.strip() and r.completion_tokens > 0 for r in res[:5])
    score, _ = parse_judge(res[5].text)
    assert score in (0.0, 1.0) and json.loads(res[5].text)


def test_cancel_returns_within_a_second(server):
    eng = ServerEngine(server, parallel=2)
    cancel = CancelToken()
    req = Request.chat("Write a very long story.", sampling=Sampling(max_tokens=1500,
                                                                     temperature=0.8))
    threading.Timer(0.5, cancel.cancel).start()
    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        eng.generate_many([req, req], cancel)
    assert time.monotonic() - t0 < 1.5


def test_unreachable_server_is_a_clear_error():
    with pytest.raises(GradSumError, match="Cannot reach the model server"):
        ServerEngine(f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(GradSumError, match="must look like"):
        ServerEngine("ftp://x")


def test_judge_role_on_the_server_task_role_in_process(server, tmp_path):
    store = create_demo(tmp_path / "d.gradsum")
    settings = project.load_settings(store)
    settings.metrics = ["judge"]
    store.put_settings({"metrics": ["judge"]})
    engines = load_engines(settings, {"task": ModelSpec(n_ctx=1024, parallel=4),
                                      "judge": ModelSpec(server, parallel=4),
                                      "optimizer": ModelSpec(n_ctx=1024, parallel=4)})
    assert engines["judge"] is not engines["task"]
    assert isinstance(engines["judge"], ServerEngine)
    rid = project.start_run(store, RunConfig(iterations=1, beam=1, candidates=2, train_rows=3,
                                             val_rows=2, test_rows=2, batch_size=3,
                                             task_max_tokens=16)).id
    res = project.run(store, engines, rid)
    roles = dict(store.db.conn.execute("SELECT role, model_id FROM llm_calls GROUP BY role"))
    assert roles["judge"].startswith("server:") and not roles["task"].startswith("server:")
    assert res["best_prompt"]


def test_a_task_model_on_a_server_without_prompt_logprobs_ranks_by_the_metric(server, tmp_path):
    """llama-cpp-python's server has no prompt log-probabilities: the run falls back to the
    metric and its result says why."""
    from gradsum.core.engine import NoLogprobs
    eng = ServerEngine(server, parallel=2)
    with pytest.raises(NoLogprobs, match="gives no prompt log-probabilities"):
        eng.answer_logprobs([Request.chat("Say yes.")], ["yes"], CancelToken())
    store = create_demo(tmp_path / "d.gradsum")
    settings = project.load_settings(store)
    engines = {"task": eng, "judge": eng, "optimizer": eng}
    rid = project.start_run(store, RunConfig(iterations=1, beam=1, candidates=1, train_rows=3,
                                             val_rows=3, test_rows=3, batch_size=3,
                                             task_max_tokens=16, own_words=False,
                                             signal="logprob")).id
    res = project.run(store, engines, rid)
    assert settings.answer_column and res["signal"] == "metric"
    from gradsum.core.messages import loaded
    assert any("gives no prompt log-probabilities" in loaded(n)
               for n in res["selection"]["notes"])
