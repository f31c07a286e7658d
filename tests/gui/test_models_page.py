"""The model library page driven by qtbot: table, import, background hashing, discovery,
and a download from a local hub server with progress."""
import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest

pytest.importorskip("PySide6")

from gradsum.desktop.models_page import ModelsPage  # noqa: E402
from gradsum.models import discover as disc  # noqa: E402
from gradsum.models.library import Library  # noqa: E402
from tests.unit.test_hub import BLOB, REPO, Hub  # noqa: E402


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_table_import_hash_and_discover(qtbot, tmp_path, model_path):
    home = tmp_path / "home"
    lm = home / ".lmstudio/models/pub/Repo-GGUF"
    lm.mkdir(parents=True)
    shutil.copyfile(model_path, lm / "copy.gguf")
    page = ModelsPage(Library(tmp_path / "lib.db"), discover_roots=disc.default_roots(home))
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1  # the bundled model
    assert page.table.item(0, 3).text() == "Q4_1"
    assert "backend" in page.backend_label.text()
    qtbot.waitUntil(lambda: page.table.item(0, 7).text() != "computing…", timeout=20000)
    bad = tmp_path / "bad.gguf"
    bad.write_text("nope")
    # a bad file: a specific message, nothing added
    from unittest import mock
    with mock.patch("gradsum.desktop.models_page.QMessageBox.warning") as warn:
        page.import_path(bad)
    assert "wrong magic" in warn.call_args[0][2] and page.table.rowCount() == 1
    page.start_discover()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=20000)
    assert "Found 1 model file(s); added 1" in page.status.text()
    sources = {page.table.item(r, 8).text() for r in range(2)}
    assert sources == {"bundled", "lmstudio"}


def test_download_panel_with_progress(qtbot, tmp_path):
    Hub.mode, Hub.requests = "ok", []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{srv.server_address[1]}"
    page = ModelsPage(Library(tmp_path / "lib.db"), endpoint=endpoint)
    qtbot.addWidget(page)
    page.query.setText("tiny")
    page.start_search()
    qtbot.waitUntil(lambda: page.repo.count() == 2, timeout=10000)
    assert page.repo.currentText() == REPO
    page.start_list()
    qtbot.waitUntil(lambda: page.download_btn.isEnabled(), timeout=10000)
    assert "Q4_K_M" in page.file_box.currentText()
    from unittest import mock
    with mock.patch("gradsum.desktop.models_page.QMessageBox.warning") as warn:
        page.start_download()
        # the blob is not a real model: the download completes, then the import says why
        qtbot.waitUntil(lambda: warn.called, timeout=10000)
    assert "wrong magic" in warn.call_args[0][2]
    assert page.dl_progress.value() == len(BLOB) >> 10
    srv.shutdown()
