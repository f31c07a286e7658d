"""`gradsum models`: the model library from the command line (list, add, discover, search,
download, remove)."""
from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from .core.engine import CancelToken
from .core.errors import GradSumError


def add_parser(sub) -> None:
    m = sub.add_parser("models", help="the model library: list, add, discover, search, "
                                      "download, remove")
    msub = m.add_subparsers(dest="models_command", required=True)
    ml = msub.add_parser("list", help="models in the library")
    ml.add_argument("--json", action="store_true", help="one JSON array of the models")
    ma = msub.add_parser("add", help="add a .gguf file (referenced in place)")
    ma.add_argument("path")
    ma.add_argument("--copy", action="store_true", help="copy it into the library folder")
    md = msub.add_parser("discover", help="find GGUF models other apps keep on this machine")
    md.add_argument("--dir", action="append", default=[], help="also search this folder")
    md.add_argument("--add", action="store_true", help="add what is found to the library")
    ms = msub.add_parser("search", help="search the Hugging Face hub (goes online)")
    ms.add_argument("query")
    ms.add_argument("--endpoint", default=None)
    mdl = msub.add_parser("download", help="download a GGUF file from the hub (goes online)")
    mdl.add_argument("repo")
    mdl.add_argument("file")
    mdl.add_argument("--endpoint", default=None)
    mr = msub.add_parser("remove", help="remove a model from the library")
    mr.add_argument("id")


def command(a) -> int:
    from .models import discover as disc
    from .models import hub
    from .models.fit import backend
    from .models.library import Library

    lib = Library()
    lib.ensure_bundled()
    c = a.models_command
    if c == "list":
        models = lib.list()
        if a.json:
            print(json.dumps(models, ensure_ascii=False))
            return 0
        print(f"llama.cpp backend: {backend()}")
        for m in models:
            print(f"{m['id']}  {m['name']}  {m['architecture']}  {m['quantization']}  "
                  f"{m['parameters'] / 1e6:.0f}M params  ctx {m['context_length']}  "
                  f"{m['size'] / 2**20:.0f} MiB  [{m['source']}]  {m['path']}")
    elif c == "add":
        m = lib.add(a.path, copy=a.copy)
        digest = lib.compute_hash(m["id"], lambda d, t: print(
            f"\rSHA-256 {d * 100 // max(t, 1)}%", end="", file=sys.stderr))
        print(f"\radded {m['id']}: {m['name']} ({m['quantization']}), SHA-256 {digest[:16]}…")
    elif c == "discover":
        found = disc.discover([Path(d) for d in a.dir])
        for f in found:
            print(f"{f.source:12} {f.size / 2**20:8.0f} MiB  {f.name}  {f.path}")
            if a.add:
                try:
                    lib.add(f.path, source=f.source, name=f.name)
                except GradSumError as e:
                    print(f"  skipped: {e}", file=sys.stderr)
        print(f"{len(found)} model file(s) found", file=sys.stderr)
    elif c == "search":
        for repo in hub.search(a.query, a.endpoint or hub.DEFAULT_ENDPOINT):
            print(repo)
    elif c == "download":
        endpoint = a.endpoint or hub.DEFAULT_ENDPOINT
        files = {f.filename: f for f in hub.list_files(a.repo, endpoint)}
        if a.file not in files:
            raise GradSumError(
                "{repo} has no GGUF file '{file}'. It has: {files}.", repo=a.repo, file=a.file,
                files=', '.join(files) or 'none')
        cancel = CancelToken()
        old = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
        try:
            m = lib.download(files[a.file], endpoint, cancel,
                             lambda d, t: print(f"\r{d / 2**20:.0f}/{(t or 0) / 2**20:.0f} MiB",
                                                end="", file=sys.stderr))
        finally:
            signal.signal(signal.SIGINT, old)
        print(f"\nadded {m['id']}: {m['name']} ({m['path']})")
    elif c == "remove":
        lib.remove(a.id)
        print(f"removed {a.id}")
    return 0
