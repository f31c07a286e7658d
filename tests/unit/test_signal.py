"""The finer ranking signal (RunConfig.signal = "logprob"): forced-answer log-probabilities
rank and race candidates where the answers are known; engines without them fall back to the
metric, and the run says so. The default ranks by the metric and asks for none."""
import json
import math
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from gradsum.core import signal
from gradsum.core.messages import loaded
from gradsum.core.engine import CancelToken, NoLogprobs, Request
from gradsum.models.server_engine import ServerEngine
from tests.fakes import ForcedEngine
from tests.unit.test_search import run, small


def test_validation_ranks_by_the_forced_answer_without_generating(make_project):
    eng = ForcedEngine()
    store = make_project(metrics=("exact",))
    rid, res, _ = run(store, eng, small(val_rows=12, test_rows=8, signal="logprob"))
    assert res["signal"] == "logprob" and res["selection"]["notes"] == []
    assert eng.forced and all(a.isdigit() for _, a in eng.forced)
    splits = {s["split"] for s in store.where("scores", rid)}
    assert "val" not in splits and {"train", "test"} <= splits  # no generation on validation
    # the standing is the probability of the expected answer: exp(-0.1) vs exp(-3)
    assert res["initial_val_score"] == pytest.approx(math.exp(-3.0))
    assert res["best_val_score"] == pytest.approx(math.exp(-0.1))
    assert res["selection_outcome"] == "confirmed" and "digits only" in res["best_prompt"]


def test_a_closed_set_row_scores_the_margin_over_the_best_rival(make_project):
    from gradsum.core.calls import ModelCalls
    from gradsum.core.budget import Budget, Limits
    store = make_project()
    lp = {"Yes": -0.2, "No": -1.8, "Maybe": -2.5, "7": -0.7}
    eng = ForcedEngine(lambda req, answer: lp[answer])
    calls = ModelCalls(store, {"task": eng}, Budget(Limits()), CancelToken(), lambda e: None, 1)
    rows = {1: ({"question": "1 + 1"}, "Yes"), 2: ({"question": "2 + 2"}, "No"),
            3: ({"question": "3 + 3"}, "7")}
    options = {1: ("Yes", "No", "Maybe"), 2: ("Yes", "No", "Maybe"), 3: None}
    got = signal.forced_standing(calls, ["Q: {question}"], [1, 2, 3], rows,
                                 {"question": "question"}, options)["Q: {question}"]
    assert got[0] == pytest.approx(1 / (1 + math.exp(-1.6)))   # Yes over No
    assert got[1] == pytest.approx(1 / (1 + math.exp(1.6)))    # No under Yes
    assert got[2] == pytest.approx(math.exp(-0.7))             # open answer: its probability
    n = len(eng.forced)
    again = signal.forced_standing(calls, ["Q: {question}"], [1, 2], rows,
                                   {"question": "question"}, options)
    assert len(eng.forced) == n and again["Q: {question}"] == got[:2]  # from the cache


def test_an_engine_without_log_probabilities_falls_back_to_the_metric_and_says_so(
        make_project, engine):
    store = make_project()
    _, res, events = run(store, engine, small(signal="logprob"))
    assert res["signal"] == "metric"
    assert [loaded(n) for n in res["selection"]["notes"]] == [
        "candidates are ranked by the metric: the scripted engine gives no answer "
        "log-probabilities"]
    assert any("ranked by the metric" in str(getattr(e, "message", "")) for e in events)


class _Server(BaseHTTPRequestHandler):
    reply: dict = {}
    seen: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        data = json.dumps(self.reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *a):
        pass


@pytest.fixture
def fake_server():
    srv = HTTPServer(("127.0.0.1", 0), _Server)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1"
    srv.shutdown()


def test_server_prompt_logprobs_are_summed_over_the_answers_tokens(fake_server):
    _Server.seen = []
    _Server.reply = {"choices": [{"message": {"content": "x"}}], "prompt_logprobs": [
        None, {"11": {"logprob": -0.5, "decoded_token": "Q"}},
        {"12": {"logprob": -0.7, "decoded_token": " impl"}},
        {"13": {"logprob": -0.25, "decoded_token": "aus"}},
        {"14": {"logprob": -0.05, "decoded_token": "ible"}}]}
    eng = ServerEngine(fake_server, model="m")
    got = eng.answer_logprobs([Request.chat("Q")], ["implausible"], CancelToken())
    assert got == [pytest.approx(-1.0)]
    body = _Server.seen[-1]
    assert body["messages"][-1] == {"role": "assistant", "content": "implausible"}
    assert body["prompt_logprobs"] == 0 and body["continue_final_message"] is True


def test_a_server_without_prompt_logprobs_is_marked_once(fake_server):
    _Server.seen = []
    _Server.reply = {"choices": [{"message": {"content": "x"}}]}
    eng = ServerEngine(fake_server, model="m")
    with pytest.raises(NoLogprobs, match="gives no prompt log-probabilities"):
        eng.answer_logprobs([Request.chat("Q")], ["Yes"], CancelToken())
    n = len(_Server.seen)
    with pytest.raises(NoLogprobs):
        eng.answer_logprobs([Request.chat("Q")], ["Yes"], CancelToken())
    assert len(_Server.seen) == n  # not asked again


def test_the_default_ranks_by_the_metric_and_forces_nothing(make_project):
    eng = ForcedEngine()
    _, res, _ = run(make_project(metrics=("exact",)), eng, small())
    assert res["signal"] == "metric" and eng.forced == []
