"""Find GGUF models other apps already keep on this machine, so nothing is downloaded twice.

Looks in the Hugging Face cache, LM Studio's and GPT4All's model folders, Ollama's store
(its manifests name the GGUF blobs; read-only), llama.cpp's cache, and folders the user adds.
Only names and sizes are read here: cheap even over hundreds of files.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .gguf import SPLIT_RE

OLLAMA_MODEL = "application/vnd.ollama.image.model"


@dataclass(frozen=True)
class Found:
    path: Path
    name: str
    source: str  # huggingface | lmstudio | gpt4all | ollama | llama.cpp | folder
    size: int


def default_roots(home: Path | None = None) -> dict[str, list[Path]]:
    home = home or Path.home()
    hf = Path(os.environ.get("HF_HUB_CACHE") or Path(os.environ.get(
        "HF_HOME", home / ".cache" / "huggingface")) / "hub")
    return {
        "huggingface": [hf],
        "lmstudio": [home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"],
        "gpt4all": [home / ".local" / "share" / "nomic.ai" / "GPT4All",
                    home / "Library" / "Application Support" / "nomic.ai" / "GPT4All"],
        "ollama": [Path(os.environ.get("OLLAMA_MODELS", home / ".ollama" / "models"))],
        "llama.cpp": [Path(os.environ.get("LLAMA_CACHE", home / ".cache" / "llama.cpp"))],
    }


def _ggufs(root: Path):
    for dirpath, _dirs, files in os.walk(root, followlinks=False):
        for f in files:
            if f.lower().endswith(".gguf"):
                m = SPLIT_RE.match(f)
                if m and int(m.group("no")) != 1:
                    continue  # a split model is listed once, by its first part
                yield Path(dirpath) / f


def _hf(root: Path):
    """snapshots/<rev>/<file> are symlinks into blobs/: list each file once, by snapshot."""
    for repo in sorted(root.glob("models--*")):
        name = repo.name[len("models--"):].replace("--", "/")
        seen = set()
        for p in _ggufs(repo / "snapshots"):
            real = p.resolve()
            if real in seen or not real.exists():
                continue
            seen.add(real)
            yield Found(p, f"{name}/{p.name}", "huggingface", real.stat().st_size)


def _ollama(root: Path):
    manifests = root / "manifests"
    for mf in sorted(manifests.rglob("*")) if manifests.exists() else []:
        if not mf.is_file():
            continue
        try:
            doc = json.loads(mf.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        rel = mf.relative_to(manifests).parts  # registry/namespace/model/tag
        name = f"{rel[-2]}:{rel[-1]}" if len(rel) >= 2 else mf.name
        if len(rel) >= 3 and rel[-3] != "library":
            name = f"{rel[-3]}/{name}"
        for layer in doc.get("layers", []):
            if layer.get("mediaType") == OLLAMA_MODEL:
                blob = root / "blobs" / layer.get("digest", "").replace(":", "-")
                if blob.is_file():
                    yield Found(blob, name, "ollama", blob.stat().st_size)


def discover(extra: list[Path] | None = None, roots: dict[str, list[Path]] | None = None
             ) -> list[Found]:
    roots = roots or default_roots()
    out: list[Found] = []
    for source, dirs in roots.items():
        for root in dirs:
            if not root.is_dir():
                continue
            if source == "huggingface":
                out.extend(_hf(root))
            elif source == "ollama":
                out.extend(_ollama(root))
            else:
                out.extend(Found(p, _label(p, root), source, p.stat().st_size)
                           for p in _ggufs(root))
    for root in extra or []:
        if Path(root).is_dir():
            out.extend(Found(p, p.name, "folder", p.stat().st_size) for p in _ggufs(Path(root)))
    unique, seen = [], set()
    for f in out:  # the same file reachable twice (a link, an added folder) is listed once
        key = f.path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _label(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    return "/".join(rel.parts[-3:])  # LM Studio: publisher/repo/file.gguf
