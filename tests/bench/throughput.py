"""Throughput benchmark on the bundled model; prints its figures and ratios, all measured in
one run (these machines are noisy, so only ratios within a run mean much).

    python tests/bench/throughput.py [--json] [--threads N]

1. single-sequence tok/s (plain llama-cpp-python create_completion) vs the batched engine
   with 4, 16 and 32 concurrent requests; the same with another process busy on one core;
2. one full GRAD-SUM iteration (beam 3, 4 candidates, 30 train / 30 validation rows, LLM
   judge) with the batched engine vs the single-sequence engine with no cache;
3. the share of that iteration's wall time spent outside the engine;
4. repeated model calls after a run is SIGKILLed mid-iteration and resumed;
5. the cost of the model process boundary: the batched engine in a model process (what the app
   runs) vs in this process, 16 concurrent requests, and the iteration of part 2 through it.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gradsum.core import project  # noqa: E402
from gradsum.core.dataset import load  # noqa: E402
from gradsum.core.engine import CancelToken, Request, Sampling  # noqa: E402
from gradsum.core.settings import ProjectSettings, RunConfig  # noqa: E402
from gradsum.core.store import Store  # noqa: E402
from gradsum.core.settings import ModelSpec  # noqa: E402
from gradsum.models.batched_engine import BatchedEngine  # noqa: E402
from gradsum.models.engine_process import ProcessEngine  # noqa: E402
from gradsum.models.ggml_backends import cpu_variant, ensure_loaded  # noqa: E402
from gradsum.models.bundled import bundled_model_path  # noqa: E402
from gradsum.models.llama_engine import LlamaEngine  # noqa: E402
from tests.bench.tasks import data_path  # noqa: E402

TOPICS = ["the sea", "a mountain", "a city at night", "a lost key", "an old friend", "rain",
          "a train journey", "a small garden", "the first snow", "a broken clock", "a library",
          "a market", "a storm", "a lighthouse", "a bicycle", "the moon"]


def prompts(n: int, max_tokens: int = 64) -> list[Request]:
    return [Request.chat(f"Write a short story about {TOPICS[i % len(TOPICS)]} (number {i}).",
                         sampling=Sampling(max_tokens=max_tokens)) for i in range(n)]


GPU_LAYERS = 0  # --gpu-layers: offload to a GPU (-1 = every layer) for the GPU figures


def single_tps(path, threads: int, n: int = 8) -> float:
    import llama_cpp
    ensure_loaded()  # the runtime-dispatch build registers its CPU kernels here
    llm = llama_cpp.Llama(str(path), n_ctx=1024, n_threads=threads, n_threads_batch=threads,
                          n_gpu_layers=GPU_LAYERS, flash_attn=False, verbose=False)
    toks, t0 = 0, time.perf_counter()
    for req in prompts(n):
        r = llm.create_completion(f"<|im_start|>user\n{req.messages[-1][1]}<|im_end|>\n"
                                  "<|im_start|>assistant\n", max_tokens=64, temperature=0)
        toks += r["usage"]["completion_tokens"]
    tps = toks / (time.perf_counter() - t0)
    llm.close()
    return tps


def engine_tps(path, threads: int | None, concurrent: int, process: bool = False) -> float:
    """threads None = the adaptive default; concurrent 1 = the single-sequence engine;
    process: the engine in a model process, as the app runs it."""
    if process:
        eng = ProcessEngine(ModelSpec(n_ctx=512, parallel=concurrent, threads=threads,
                                      gpu_layers=GPU_LAYERS), str(path))
        reqs = prompts(concurrent)
    elif concurrent == 1:
        eng = LlamaEngine(path, n_ctx=512, threads=threads, gpu_layers=GPU_LAYERS)
        reqs = prompts(8)
    else:
        eng = BatchedEngine(path, n_ctx=512, n_seq=concurrent, threads=threads,
                            gpu_layers=GPU_LAYERS)
        reqs = prompts(concurrent)
    t0 = time.perf_counter()
    res = eng.generate_many(reqs, CancelToken())
    tps = sum(r.completion_tokens for r in res) / (time.perf_counter() - t0)
    eng.close()
    return tps


def _spin(stop):
    while not stop.is_set():
        pass


def iteration(engine, use_cache: bool, tmp: Path, name: str) -> dict:
    data = load(data_path("object_counting"))
    settings = ProjectSettings(
        name=name, template="Answer the question.\nQuestion: {question}\nAnswer:",
        task="Count the objects of the asked kind in a list and give the total.",
        criteria="The answer is the correct total, as a number.", mapping={},
        answer_column="answer", metrics=["judge", "number"])  # judge calls, never perfect
    store = project.create(tmp / f"{name}.gradsum", data, settings)
    extras = ["Count carefully and reply with the total as digits.\nQuestion: {question}\n"
              "Answer:", "Read the list, count the items asked for, give the number.\n"
              "Question: {question}\nAnswer:"]
    cfg = RunConfig(iterations=1, beam=3, candidates=4, train_rows=30, val_rows=30,
                    test_rows=0, batch_size=30, task_max_tokens=48, patience=1,
                    extra_prompts=extras, use_cache=use_cache)
    engines = {"task": engine, "judge": engine, "optimizer": engine}
    res = project.run(store, engines, project.start_run(store, cfg))
    it = res["iterations"][0]
    store.close()
    return {"seconds": it["seconds"], "engine_s": it["engine_s"], "requests": res["requests"],
            "llm_calls": res["llm_calls"]}


def resume_repeats(tmp: Path) -> tuple[int, bool]:
    proj = tmp / "resume.gradsum"
    demo = ROOT / "gradsum" / "demo" / "object_counting.jsonl"
    gs = [sys.executable, "-m", "gradsum"]
    subprocess.run(gs + ["new", str(proj), "--data", str(demo), "--template",
                         "Answer the question.\nQuestion: {question}\nAnswer:", "--task",
                         "Count the objects.", "--answer-column", "answer", "--metric", "number"],
                   check=True, capture_output=True)
    run = subprocess.Popen(gs + ["run", str(proj), "--iterations", "2", "--beam", "2",
                                 "--candidates", "3", "--train-rows", "10", "--val-rows", "8",
                                 "--test-rows", "8", "--batch-size", "6", "--patience", "9"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = sqlite3.connect(proj, timeout=30)
    while run.poll() is None:
        n = db.execute("SELECT count(*) FROM llm_calls WHERE role='optimizer'").fetchone()[0]
        if n >= 3:
            os.kill(run.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    run.wait()
    db.close()
    subprocess.run(gs + ["resume", str(proj)], check=True, capture_output=True)
    store = Store(proj)
    out = store.repeated_calls(), store.integrity_ok()
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--threads", type=int, default=os.cpu_count(),
                    help="threads for part 1 (default: all cores, as on an idle machine)")
    ap.add_argument("--skip-iteration", action="store_true")
    ap.add_argument("--skip-serial", action="store_true",
                    help="part 2 without the (slow) single-sequence no-cache iteration")
    ap.add_argument("--gpu-layers", type=int, default=0,
                    help="layers on the GPU for every engine (-1 = all), for the GPU target")
    a = ap.parse_args()
    global GPU_LAYERS
    GPU_LAYERS = a.gpu_layers
    path = bundled_model_path()
    th = a.threads
    ensure_loaded()
    print(f"model {path.name}; {os.cpu_count()} cores; engine threads {th}; GPU layers "
          f"{GPU_LAYERS}; CPU kernels {cpu_variant() or 'built in'}", flush=True)
    out = {}
    out["single_tps"] = single_tps(path, th)
    print(f"1. single-sequence create_completion: {out['single_tps']:7.1f} tok/s", flush=True)
    for c in (4, 16, 32):
        out[f"batched_tps_{c}"] = engine_tps(path, th, c)
        print(f"   batched engine, {c:2d} concurrent:   {out[f'batched_tps_{c}']:7.1f} tok/s "
              f"= {out[f'batched_tps_{c}'] / out['single_tps']:.2f}x", flush=True)
    out["ratio_16"] = out["batched_tps_16"] / out["single_tps"]

    # threads: fixed 1, fixed all cores, and the adaptive default, idle and with a busy core
    modes = [(1, "1 thread"), (os.cpu_count(), f"{os.cpu_count()} threads"), (None, "adaptive")]
    for loaded in (False, True):
        stop = mp.Event()
        hog = mp.Process(target=_spin, args=(stop,), daemon=True)
        if loaded:
            hog.start()  # another process busy on one core, as a GUI or a compile would be
        figs = {}
        for t, label in modes:
            figs[label] = (engine_tps(path, t, 1), engine_tps(path, t, 16))
        if loaded:
            stop.set()
            hog.join()
        out["threads_" + ("loaded" if loaded else "idle")] = figs
        print(f"   {'one core busy' if loaded else 'idle machine '}: " + "; ".join(
            f"{label}: single {s:.1f}, batched x16 {b:.1f}" for label, (s, b) in figs.items())
            + " tok/s", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not a.skip_iteration:
            b = BatchedEngine(path, n_ctx=2048, n_seq=16, threads=th,  # same threads for both
                              gpu_layers=GPU_LAYERS)
            bat = iteration(b, True, tmp, "batched")
            b.close()
            out["iteration_s_batched"] = bat["seconds"]
            out["outside_engine_share"] = (bat["seconds"] - bat["engine_s"]) / bat["seconds"]
            print(f"2. one GRAD-SUM iteration (beam 3, 4 candidates, 30/30 rows, judge): batched "
                  f"{bat['seconds']:.1f} s ({bat['llm_calls']} model calls, "
                  f"{bat['requests']} requests)", flush=True)
            if not a.skip_serial:
                s = LlamaEngine(path, n_ctx=2048, threads=th, gpu_layers=GPU_LAYERS)
                ser = iteration(s, False, tmp, "serial")
                s.close()
                out["iteration_s_serial"] = ser["seconds"]
                out["iteration_speedup"] = ser["seconds"] / bat["seconds"]
                print(f"   single-sequence without cache {ser['seconds']:.1f} s "
                      f"({ser['llm_calls']} calls) = {out['iteration_speedup']:.2f}x slower",
                      flush=True)
            print(f"3. share of the batched iteration spent outside the engine: "
                  f"{out['outside_engine_share']:.1%}", flush=True)
        # 5. the model process boundary, measured against in-process in this same run
        inproc = [engine_tps(path, th, 16) for _ in range(2)]
        viaproc = [engine_tps(path, th, 16, process=True) for _ in range(2)]
        out["process_tps_16"], out["inprocess_tps_16"] = max(viaproc), max(inproc)
        print(f"5. batched x16 in a model process: {max(viaproc):.1f} tok/s, in this process: "
              f"{max(inproc):.1f} tok/s = {max(viaproc) / max(inproc):.2f}x (best of 2 each)",
              flush=True)
        if not a.skip_iteration:
            pe = ProcessEngine(ModelSpec(n_ctx=2048, parallel=16, threads=th,
                                         gpu_layers=GPU_LAYERS), str(path))
            proc_it = iteration(pe, True, tmp, "process")
            pe.close()
            out["iteration_s_process"] = proc_it["seconds"]
            print(f"   one GRAD-SUM iteration through the model process: "
                  f"{proc_it['seconds']:.1f} s vs {out['iteration_s_batched']:.1f} s in this "
                  f"process = {proc_it['seconds'] / out['iteration_s_batched']:.2f}x",
                  flush=True)
        repeats, ok = resume_repeats(tmp)
        out["repeated_calls_after_resume"] = repeats
        print(f"4. repeated model calls after SIGKILL + resume: {repeats} (integrity ok: {ok})",
              flush=True)
    if a.json:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
