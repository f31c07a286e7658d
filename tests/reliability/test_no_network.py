"""A whole optimization and export on the real model with socket creation forbidden."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "gradsum" / "demo" / "object_counting.jsonl"

GUARD = r'''
import sys
def no_network(event, args):
    if event in ("socket.__new__", "socket.connect", "socket.getaddrinfo"):
        raise RuntimeError(f"network access attempted: {event} {args!r:.80}")
sys.addaudithook(no_network)
import os
import gradsum
assert os.environ["HF_HUB_OFFLINE"] == "1", "the app must start with the hub offline"
from gradsum.cli import main
sys.exit(main(sys.argv[1:]))
'''


def guarded(*args):
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    return subprocess.run([sys.executable, "-c", GUARD, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_optimize_and_export_without_any_socket(tmp_path):
    proj = tmp_path / "offline.gradsum"
    p = guarded("new", proj, "--data", DEMO, "--template",
                "Answer the question.\nQuestion: {question}\nAnswer:", "--task",
                "Count the objects.", "--criteria", "The correct total.", "--answer-column",
                "answer", "--metric", "judge", "--metric", "number", "--n-ctx", "1024")
    assert p.returncode == 0, p.stderr
    p = guarded("run", proj, "--iterations", 1, "--beam", 1, "--candidates", 2, "--train-rows",
                3, "--val-rows", 2, "--test-rows", 2, "--batch-size", 3, "--task-max-tokens",
                16, "--json")
    assert p.returncode == 0, p.stderr
    assert "network access attempted" not in p.stderr
    assert json.loads(p.stdout.strip().splitlines()[-1])["llm_calls"] > 0
    for fmt in ("txt", "html"):
        p = guarded("export", proj, "--format", fmt, "--out", tmp_path / f"best.{fmt}")
        assert p.returncode == 0, p.stderr


def test_the_guard_itself_catches_a_socket():
    p = subprocess.run([sys.executable, "-c", GUARD.replace(
        "from gradsum.cli import main", "import socket; socket.socket()")], cwd=ROOT,
        capture_output=True, text=True)
    assert p.returncode != 0 and "network access attempted: socket.__new__" in p.stderr
