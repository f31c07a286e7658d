"""The batched engine against the single-sequence engine on the bundled model."""
import json
import threading
import time

import pytest

from gradsum.core.engine import CancelToken, Request, Sampling
from gradsum.core.errors import Cancelled
from gradsum.core.evaluation import JUDGE_GRAMMAR
from gradsum.models.batched_engine import BatchedEngine
from gradsum.models.llama_engine import LlamaEngine

TEMPLATE = "Answer the question.\nQuestion: {q}\nAnswer:"
QUESTIONS = [f"I have {a} apples and {b} pears. How many fruits do I have?"
             for a, b in [(1, 2), (3, 4), (2, 2), (5, 1), (7, 3), (4, 4), (6, 2), (9, 1)]]


def fixed_set():
    reqs = [Request.chat(TEMPLATE.format(q=q), sampling=Sampling(max_tokens=24)) for q in QUESTIONS]
    reqs += [Request.chat(f"Grade the answer '{n}' to 'what is {n - 1} + 1'.",
                          "You are a strict grader.", Sampling(max_tokens=64), JUDGE_GRAMMAR)
             for n in range(2, 8)]
    return reqs


@pytest.fixture(scope="module")
def batched(model_path):
    eng = BatchedEngine(model_path, n_ctx=1024, n_seq=6)  # fewer slots than requests
    yield eng
    eng.close()


def test_greedy_outputs_match_the_single_engine(batched, model_path):
    single = LlamaEngine(model_path, n_ctx=1024)
    reqs = fixed_set()
    a = single.generate_many(reqs, CancelToken())
    b = batched.generate_many(reqs, CancelToken())
    single.close()
    match = sum(x.text == y.text for x, y in zip(a, b)) / len(reqs)
    print(f"batched vs single greedy match rate: {match:.2f}")
    # Each sequence has its own cell stream filled in position order and attention runs
    # without flash, so a reply does not depend on what is decoded beside it: the batched
    # engine gives every request the reply the single-sequence engine gives it.
    assert match == 1.0
    for x, y in zip(a, b):
        assert x.prompt_tokens == y.prompt_tokens
    for y in b[len(QUESTIONS):]:
        assert json.loads(y.text)["score"] in (0, 1)


def test_a_reply_does_not_depend_on_the_requests_decoded_beside_it(batched):
    """The same request, decoded among other requests, in another order, after the cache
    has served others: the same reply, so a run's scores and its verdict can be repeated."""
    reqs = fixed_set()
    first = [r.text for r in batched.generate_many(reqs, CancelToken())]
    others = [Request.chat(f"Name {n} animals that live in {place}.",
                           sampling=Sampling(max_tokens=20))
              for n, place in [(2, "water"), (3, "trees"), (4, "deserts")]]
    mixed = list(reversed(reqs)) + others
    mixed.insert(5, others[0])
    out = batched.generate_many(mixed, CancelToken())
    again = {id(req): res.text for req, res in zip(mixed, out)}
    assert [again[id(req)] for req in reqs] == first


def test_continuous_batching_serves_more_requests_than_slots_and_reports_each(batched):
    reqs = fixed_set() * 2  # 28 requests, 6 slots
    seen = []
    res = batched.generate_many(reqs, CancelToken(), lambda i, r: seen.append(i))
    assert sorted(seen) == list(range(len(reqs)))
    assert all(r is not None and r.finish_reason in ("stop", "length") for r in res)
    assert [r.prompt_tokens for r in res[:14]] == [r.prompt_tokens for r in res[14:]]


def test_shared_prefix_is_computed_once(batched):
    before = dict(batched.stats)
    reqs = [Request.chat(TEMPLATE.format(q=q), sampling=Sampling(max_tokens=4))
            for q in QUESTIONS]
    batched.generate_many(reqs, CancelToken())
    reused = batched.stats["prefix_tokens_reused"] - before["prefix_tokens_reused"]
    total = batched.stats["prompt_tokens"] - before["prompt_tokens"]
    # the chat template's system turn and the instruction are shared by all eight requests
    assert reused / total > 0.5


def test_sampling_is_seeded_per_request(model_path):
    def req(seed):
        return Request.chat("Name three colours.", sampling=Sampling(temperature=1.0,
                                                                   seed=seed, max_tokens=12))
    runs = []
    for _ in range(2):  # a fresh engine each time: the same KV layout
        eng = BatchedEngine(model_path, n_ctx=256, n_seq=3)
        runs.append([r.text for r in eng.generate_many([req(1), req(2), req(3)],
                                                       CancelToken())])
        eng.close()
    assert runs[0] == runs[1]
    assert len(set(runs[0])) > 1


def test_cancel_aborts_the_whole_batch_within_a_second(batched):
    cancel = CancelToken()
    reqs = [Request.chat("Write a very long story about a dragon.",
                         sampling=Sampling(max_tokens=2000, temperature=0.8, seed=i))
            for i in range(8)]
    threading.Timer(0.5, cancel.cancel).start()
    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        batched.generate_many(reqs, cancel)
    assert time.monotonic() - t0 < 1.5
    ok = batched.generate_many([Request.chat("Say hi.", sampling=Sampling(max_tokens=4))],
                               CancelToken())
    assert ok[0].text.strip()


def test_overflowing_row_is_reported_and_the_rest_runs(model_path):
    eng = BatchedEngine(model_path, n_ctx=128, n_seq=2)
    res = eng.generate_many([Request.chat("word " * 300),
                             Request.chat("Say hi.", sampling=Sampling(max_tokens=4))],
                            CancelToken())
    eng.close()
    assert res[0].finish_reason == "overflow" and res[1].text.strip()


def test_repeat_penalty_request_runs(batched):
    plain, penalised = batched.generate_many(
        [Request.chat("Repeat the word cat many times.", sampling=Sampling(max_tokens=24)),
         Request.chat("Repeat the word cat many times.",
                      sampling=Sampling(max_tokens=24, repeat_penalty=1.5))], CancelToken())
    assert penalised.text.strip() and penalised.text != plain.text


def reference_logprob(llm, prompt: list[int], answer: list[int]) -> float:
    """llama.cpp's own teacher-forced log-probability: every position's logits kept."""
    import numpy as np
    llm.reset()
    llm.eval(prompt + answer)
    total = 0.0
    for i, tok in enumerate(answer):
        logits = np.asarray(llm.scores[len(prompt) - 1 + i], dtype=np.float64)
        top = logits.max()
        total += logits[tok] - top - np.log(np.exp(logits - top).sum())
    return total


def test_forced_answer_logprob_matches_llama_cpps_own(batched, model_path):
    import llama_cpp
    reqs = [Request.chat(TEMPLATE.format(q=q)) for q in QUESTIONS[:4]]
    answers = ["3", "7", "four", "There are 6 fruits."]
    # the options of one row after another: the second reuses the first's prompt in the cache
    reqs, answers = reqs + [reqs[0]], answers + ["plausible"]
    got = batched.answer_logprobs(reqs, answers, CancelToken())
    ref = llama_cpp.Llama(str(model_path), n_ctx=1024, logits_all=True, flash_attn=False,
                          verbose=False)
    for req, answer, value in zip(reqs, answers, got):
        prompt = batched.render(req)
        forced = batched.llm.tokenize(answer.encode(), add_bos=False, special=False)
        assert abs(value - reference_logprob(ref, prompt, forced)) < 1e-3, answer
    ref.close()
    assert got[0] > got[4]  # '3' is a likelier reply to a sum than 'plausible'
    # generation still works after forced passes share its slots
    out = batched.generate_many([Request.chat(TEMPLATE.format(q=QUESTIONS[0]),
                                              sampling=Sampling(max_tokens=8))], CancelToken())
    assert out[0].text


def test_a_reply_naming_several_options_stops_early_with_the_same_score(batched):
    """The bundled model rambles through both options; with the row's options in the request
    the engine stops once that is certain: a prefix of the whole reply, fewer tokens, the
    same score (0, several options named)."""
    from gradsum.core.choices import choice
    options = ("plausible", "implausible")
    prompts = [f"Is the following sentence plausible?\nSentence: {s}\nOptions: plausible / "
               "implausible\nAnswer:" for s in ("Ozzie Albies pitched a complete game",
                                                "Mookie Betts earned a direct kick")]
    whole = batched.generate_many([Request.chat(p, sampling=Sampling(max_tokens=96))
                                   for p in prompts], CancelToken())
    cut = batched.generate_many([Request.chat(p, sampling=Sampling(
        max_tokens=96, stop_named=options)) for p in prompts], CancelToken())
    for w, c in zip(whole, cut):
        assert w.text.startswith(c.text) and c.completion_tokens < w.completion_tokens / 2
        assert choice(c.text, "plausible", list(options)) == (
            0.0, "names several options (implausible, plausible); give exactly one")
        assert choice(w.text, "plausible", list(options))[0] == 0.0
