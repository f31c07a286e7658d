from gradsum.models import threads


def test_fixed_thread_count_is_kept():
    assert threads.ThreadPolicy(fixed=3).choose() == 3


def test_adaptive_uses_the_cores_others_leave_free(monkeypatch):
    clock = {"t": 0.0, "busy": 0.0, "own": 0.0}
    monkeypatch.setattr(threads.time, "monotonic", lambda: clock["t"])
    monkeypatch.setattr(threads, "_busy_seconds", lambda: clock["busy"])
    monkeypatch.setattr(threads, "_own_seconds", lambda: clock["own"])
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 4)
    p = threads.ThreadPolicy()
    assert p.choose() == 3  # before any measurement: leave one core

    def advance(seconds, own_cores, other_cores):
        clock["t"] += seconds
        clock["own"] += seconds * own_cores
        clock["busy"] += seconds * (own_cores + other_cores)

    advance(1.0, own_cores=3, other_cores=0)
    assert p.choose() == 4  # nothing else runs: use every core
    advance(0.5, own_cores=4, other_cores=0)
    assert p.choose() == 4  # re-checked only every interval
    advance(2.0, own_cores=2, other_cores=2)
    assert p.choose() == 2  # two cores busy elsewhere
    advance(2.0, own_cores=1, other_cores=4)
    assert p.choose() == 1  # never below one
