import json
import os
import shutil

import pytest

from gradsum.core.errors import GradSumError
from gradsum.models import discover
from gradsum.models.library import Library


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def gguf_bytes(model_path, n=4096):
    return model_path.read_bytes()[:n]  # a header is enough for discovery


def test_discovers_each_apps_layout(tmp_path, model_path):
    home = tmp_path / "home"
    head = gguf_bytes(model_path)
    # Hugging Face cache: snapshot symlinks into blobs
    repo = home / ".cache/huggingface/hub/models--org--Tiny-GGUF"
    (repo / "blobs").mkdir(parents=True)
    (repo / "blobs" / "abc123").write_bytes(head)
    snap = repo / "snapshots" / "rev1"
    snap.mkdir(parents=True)
    (snap / "tiny.Q4_K_M.gguf").symlink_to(repo / "blobs" / "abc123")
    # LM Studio: publisher/repo/file.gguf
    lm = home / ".lmstudio/models/pub/Repo-GGUF"
    lm.mkdir(parents=True)
    (lm / "repo.Q8_0.gguf").write_bytes(head)
    # GPT4All
    g4 = home / ".local/share/nomic.ai/GPT4All"
    g4.mkdir(parents=True)
    (g4 / "gpt4all-model.gguf").write_bytes(head)
    (g4 / "notes.txt").write_text("not a model")
    # Ollama: a manifest naming its GGUF blob
    ol = home / ".ollama/models"
    (ol / "blobs").mkdir(parents=True)
    (ol / "blobs" / "sha256-deadbeef").write_bytes(head)
    (ol / "blobs" / "sha256-0params").write_text("{}")
    man = ol / "manifests/registry.ollama.ai/library/smollm2"
    man.mkdir(parents=True)
    (man / "135m").write_text(json.dumps({"layers": [
        {"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:deadbeef"},
        {"mediaType": "application/vnd.ollama.image.params", "digest": "sha256:0params"}]}))
    # llama.cpp cache with a split model (listed once)
    lc = home / ".cache/llama.cpp"
    lc.mkdir(parents=True)
    for i in (1, 2):
        (lc / f"big-{i:05d}-of-00002.gguf").write_bytes(head)
    extra = tmp_path / "usb"
    extra.mkdir()
    (extra / "stick.gguf").write_bytes(head)

    found = discover.discover([extra], roots=discover.default_roots(home))
    by_source = {(f.source, f.name) for f in found}
    assert by_source == {
        ("huggingface", "org/Tiny-GGUF/tiny.Q4_K_M.gguf"),
        ("lmstudio", "pub/Repo-GGUF/repo.Q8_0.gguf"),
        ("gpt4all", "gpt4all-model.gguf"),
        ("ollama", "smollm2:135m"),
        ("llama.cpp", "big-00001-of-00002.gguf"),
        ("folder", "stick.gguf"),
    }
    ollama = next(f for f in found if f.source == "ollama")
    assert ollama.path.name == "sha256-deadbeef"


def test_discovery_of_a_few_hundred_files_is_quick(tmp_path):
    import time
    root = tmp_path / "many"
    for i in range(300):
        d = root / f"d{i % 30}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"m{i}.gguf").write_bytes(b"GGUF")
        (d / f"m{i}.txt").write_bytes(b"x")
    t0 = time.monotonic()
    found = discover.discover([root], roots={})
    assert len(found) == 300 and time.monotonic() - t0 < 5


def test_library_add_in_place_copy_hash_remove(tmp_path, model_path):
    lib = Library(tmp_path / "lib.db")
    rec = lib.add(model_path)
    assert rec["path"] == str(model_path.resolve()) and not rec["copied"]
    assert rec["quantization"] == "Q4_1" and rec["context_length"] == 8192
    assert lib.add(model_path)["id"] == rec["id"] and len(lib.list()) == 1  # no duplicate
    seen = []
    digest = lib.compute_hash(rec["id"], lambda d, t: seen.append(d))
    assert len(digest) == 64 and lib.get(rec["id"])["sha256"] == digest
    src = tmp_path / "usb" / "m.gguf"
    src.parent.mkdir()
    shutil.copyfile(model_path, src)
    copied = lib.add(src, copy=True)
    assert copied["copied"] and os.path.exists(copied["path"]) and copied["path"] != str(src)
    lib.remove(copied["id"])
    assert not os.path.exists(copied["path"]) and src.exists()
    lib.remove(rec["id"])
    assert model_path.exists()  # a referenced file is never deleted
    with pytest.raises(GradSumError, match="No model with id"):
        lib.remove("nope")


def test_library_refuses_bad_files_before_anything_is_stored(tmp_path):
    lib = Library(tmp_path / "lib.db")
    (tmp_path / "x.gguf").write_text("not a model")
    with pytest.raises(GradSumError, match="wrong magic"):
        lib.add(tmp_path / "x.gguf")
    assert lib.list() == []


def test_bundled_model_is_registered(tmp_path):
    lib = Library(tmp_path / "lib.db")
    rec = lib.ensure_bundled()
    assert rec["source"] == "bundled" and len(rec["sha256"]) == 64
