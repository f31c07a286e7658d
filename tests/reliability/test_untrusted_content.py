"""Prompts, data and chat templates are untrusted text."""
import pytest
from jinja2.exceptions import SecurityError

from gradsum.core import export, project
from gradsum.core.settings import RunConfig
from gradsum.core.template import render
from gradsum.models.chat_template import ChatTemplate

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def test_html_report_escapes_everything(make_project, tmp_path):
    from tests.fakes import ScriptedEngine
    store = make_project(template=f"{EVIL}\nQ: {{question}}\nA:")
    store.put_settings({"task": EVIL, "criteria": EVIL, "name": EVIL})
    eng = ScriptedEngine({"summary": lambda r: EVIL})
    rid = project.start_run(store, RunConfig(iterations=1, beam=1, candidates=1, train_rows=4,
                                             val_rows=2, test_rows=2, batch_size=2)).id
    project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)
    out = tmp_path / "r.html"
    export.export(store, "html", out)
    html = out.read_text()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "default-src 'none'" in html  # no script or remote resource could run anyway


def test_data_cannot_inject_placeholders():
    assert render("{a} {b}", {"a": "{b}", "b": "B"}) == "{b} B"


def test_chat_template_runs_in_a_sandbox():
    with pytest.raises(SecurityError):
        ChatTemplate("{{ cycler.__init__.__globals__.os.system('id') }}").render([("user", "x")])
