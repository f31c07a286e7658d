"""The speed probe's arithmetic on a busy machine (scripted engine and clock)."""
from gradsum.core.engine import Result
from gradsum.core.settings import ModelSpec
from gradsum.models import factory, speed


class Scripted:
    """Each request takes the scripted seconds on a fake clock that the probe reads."""

    def __init__(self, clock, seconds):
        self.clock, self.seconds = clock, iter(seconds)

    def generate_many(self, requests, cancel, on_result=None):
        req = requests[0]
        self.clock[0] += next(self.seconds)
        n = req.sampling.max_tokens
        return [Result("x" * n, prompt_tokens=300, completion_tokens=n, ms=0.0)]

    def close(self):
        pass


def probe(monkeypatch, seconds):
    clock = [0.0]
    monkeypatch.setattr(speed.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(factory, "make_engine", lambda spec: Scripted(clock, seconds))
    return speed.measure(ModelSpec(path="model.gguf"))


def test_generation_speed_is_the_time_beyond_the_prompt(monkeypatch):
    # warm-up, two prompt-only tries (1.0 s, 1.2 s), two 33-token tries (2.6 s, 2.0 s)
    pp, tg = probe(monkeypatch, [5.0, 1.0, 1.2, 2.6, 2.0])
    assert pp == 300 / 1.0
    assert abs(tg - 32 / 1.0) < 1e-9  # the faster tries: 2.0 s - 1.0 s for 32 tokens


def test_a_slowed_prompt_request_cannot_make_generation_look_instant(monkeypatch):
    # both prompt-only tries were slowed (another process took the cores): the difference
    # is about zero, which once reported 32,000,000 tokens/s
    pp, tg = probe(monkeypatch, [5.0, 2.0, 2.1, 2.0, 2.05])
    assert pp == 300 / 2.0
    assert tg == pp  # bounded: a generated token costs at least a prompt token
