"""Hub search / list / download / resume / cancel / checksum against a local server that
speaks the endpoints huggingface-hub calls. Nothing leaves 127.0.0.1."""
import hashlib
import json
import threading
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gradsum.core.engine import CancelToken
from gradsum.core.errors import Cancelled, GradSumError
from gradsum.models import hub

BLOB = bytes(range(256)) * 4096  # 1 MiB
SHA = hashlib.sha256(BLOB).hexdigest()
REPO = "someone/Tiny-GGUF"


class Hub(BaseHTTPRequestHandler):
    mode = "ok"  # ok | drop (close halfway) | corrupt (wrong bytes)
    requests: list = []

    def log_message(self, *a):
        pass

    def _json(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Hub.requests.append((self.path, self.headers.get("Range")))
        if self.path.startswith("/api/models?"):
            return self._json([{"id": REPO, "_id": "1", "tags": ["gguf"]},
                               {"id": "other/Model-GGUF", "_id": "2", "tags": ["gguf"]}])
        if self.path.startswith(f"/api/models/{REPO}"):
            return self._json({"id": REPO, "_id": "1", "sha": "0" * 40, "siblings": [
                {"rfilename": "tiny.Q4_K_M.gguf", "size": len(BLOB),
                 "lfs": {"sha256": SHA, "size": len(BLOB), "pointerSize": 130}},
                {"rfilename": "README.md", "size": 10}]})
        if self.path == f"/{REPO}/resolve/main/tiny.Q4_K_M.gguf":
            start = 0
            rng = self.headers.get("Range")
            if rng:
                start = int(rng.split("=")[1].split("-")[0])
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(BLOB) - 1}/{len(BLOB)}")
            else:
                self.send_response(200)
            data = BLOB[start:]
            if Hub.mode == "corrupt":
                data = b"x" * len(data)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if Hub.mode == "drop":
                self.wfile.write(data[:len(data) // 2])
                self.wfile.flush()
                self.connection.shutdown(2)  # the network goes away halfway
                return
            self.wfile.write(data)
            return
        self.send_response(404)
        self.end_headers()


@pytest.fixture
def endpoint():
    Hub.mode, Hub.requests = "ok", []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_search_and_list_files(endpoint):
    assert hub.search("tiny", endpoint) == [REPO, "other/Model-GGUF"]
    files = hub.list_files(REPO, endpoint)
    assert files == [hub.HubFile(REPO, "tiny.Q4_K_M.gguf", len(BLOB), SHA, "Q4_K_M")]


def test_download_verifies_checksum_and_is_not_repeated(endpoint, tmp_path):
    f = hub.list_files(REPO, endpoint)[0]
    seen = []
    path = hub.download(f, tmp_path, endpoint, progress=lambda d, t: seen.append((d, t)))
    assert path.read_bytes() == BLOB and seen[-1] == (len(BLOB), len(BLOB))
    n = len(Hub.requests)
    assert hub.download(f, tmp_path, endpoint) == path and len(Hub.requests) == n


def test_dropped_connection_then_resume_from_the_partial_file(endpoint, tmp_path):
    f = hub.list_files(REPO, endpoint)[0]
    Hub.mode = "drop"
    with pytest.raises(GradSumError, match="start it again to resume"):
        hub.download(f, tmp_path, endpoint)
    part = tmp_path / "tiny.Q4_K_M.gguf.part"
    got = part.stat().st_size
    assert 0 < got < len(BLOB)
    Hub.mode = "ok"
    path = hub.download(f, tmp_path, endpoint)
    assert path.read_bytes() == BLOB
    assert Hub.requests[-1][1] == f"bytes={got}-"  # only the missing bytes were asked for


def test_cancel_keeps_the_partial_file(endpoint, tmp_path):
    f = hub.list_files(REPO, endpoint)[0]
    cancel = CancelToken()

    def progress(done, total):
        if done >= hub.CHUNK // 2:
            cancel.cancel()

    f_small = hub.HubFile(f.repo, f.filename, f.size, f.sha256, f.quantization)
    old = hub.CHUNK
    hub.CHUNK = 64 * 1024
    try:
        with pytest.raises(Cancelled):
            hub.download(f_small, tmp_path, endpoint, cancel=cancel, progress=progress)
    finally:
        hub.CHUNK = old
    assert (tmp_path / "tiny.Q4_K_M.gguf.part").exists()
    assert hub.download(f, tmp_path, endpoint).read_bytes() == BLOB


def test_wrong_checksum_is_refused_and_removed(endpoint, tmp_path):
    f = hub.list_files(REPO, endpoint)[0]
    Hub.mode = "corrupt"
    with pytest.raises(GradSumError, match="failed its checksum"):
        hub.download(f, tmp_path, endpoint)
    assert not list(tmp_path.iterdir())


def test_offline_is_a_clear_message(tmp_path):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(GradSumError, match="offline"):
        hub.search("x", f"http://127.0.0.1:{port}")


def test_library_download_adds_the_file_as_a_download(endpoint, tmp_path, monkeypatch):
    """The one download use case the window and the CLI share (models/library.py)."""
    from gradsum.models.library import Library
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    lib = Library(tmp_path / "lib.db")
    files = hub.list_files(REPO, endpoint)
    added = []
    monkeypatch.setattr(Library, "add", lambda self, path, source="import", **kw:
                        added.append((Path(path), source)) or {"path": str(path)})
    rec = lib.download(files[0], endpoint)
    path, source = added[0]
    assert source == "download" and path.exists() and rec["path"] == str(path)
    assert path.parent == tmp_path / "data" / "gradsum-studio" / "files"
