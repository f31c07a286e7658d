"""Core's Messages: English text that keeps its template and arguments through every path
a message takes to the interface (raised, pickled from the model process, stored, reopened)."""
import pickle
import subprocess
import sys
from pathlib import Path

from gradsum.core.errors import GradSumError
from gradsum.core.messages import Message, loaded, message, stored
from gradsum.core.store import Store

ROOT = Path(__file__).resolve().parents[2]


def nested() -> Message:
    return Message("unfinished (ran past {tokens} tokens); its complete sentences: {reason}",
                   tokens=96, reason=Message("not written in {language}", language="Chinese"))


def test_a_message_is_its_english_text_and_keeps_its_template():
    m = nested()
    assert m == "unfinished (ran past 96 tokens); its complete sentences: not written in Chinese"
    assert m.template.startswith("unfinished (ran past {tokens} tokens)")
    assert m.args["reason"].template == "not written in {language}"
    # the user's braces are values, never fields: a placeholder in an argument stays as written
    assert Message("No value for placeholder {{{name}}}.", name="{x}") == \
        "No value for placeholder {{x}}."
    assert message("a {literal} brace") == "a {literal} brace"


def test_an_error_carries_its_message_through_pickling():
    e = GradSumError("{name}: the file is empty.", name="数据.csv")
    assert str(e) == "数据.csv: the file is empty." and e.message.args == {"name": "数据.csv"}
    back = pickle.loads(pickle.dumps(e))  # how the model process sends its errors
    assert back.message.template == "{name}: the file is empty." and str(back) == str(e)
    again = pickle.loads(pickle.dumps(nested()))
    assert again.args["reason"].template == "not written in {language}"


def test_the_store_keeps_a_reason_translatable_and_reads_old_plain_text(tmp_path):
    assert loaded(stored(nested())).args["reason"].args == {"language": "Chinese"}
    assert loaded("duplicate") == "duplicate" and not isinstance(loaded("duplicate"), Message)
    store = Store(tmp_path / "p.gradsum", create=True)
    rid = store.new_run({}, {}, {})
    store.save("candidates", {"run_id": rid, "key": "k", "seq": 1, "prompt": "p",
                              "status": "rejected", "reason": nested()})
    store.update_run(rid, stop_reason=Message("no gain in {count} iteration(s)", count=2),
                     result={"stop_reason": "no gain in 2 iteration(s)"})
    store.close()
    store = Store(tmp_path / "p.gradsum")  # reopened: what the GUI reads later
    reason = store.candidates(rid)[0]["reason"]
    assert reason == nested() and reason.args["reason"].template == "not written in {language}"
    run = store.run(rid)
    assert run["stop_reason"].template == "no gain in {count} iteration(s)"
    assert run["result"]["stop_reason"].args == {"count": 2}
    store.close()


def test_the_message_list_refuses_a_message_written_as_an_f_string(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import core_messages
    finally:
        sys.path.pop(0)
    bad = tmp_path / "bad.py"
    bad.write_text('def f(x):\n    raise GradSumError(f"{x} is wrong")\n', "utf-8")
    good = tmp_path / "good.py"
    good.write_text('def f(x):\n    raise GradSumError("{x} is right", x=x)\n', "utf-8")
    monkeypatch.setattr(core_messages, "ROOT", tmp_path)
    monkeypatch.setattr(core_messages, "SOURCES", [good])
    assert core_messages.collect() == (["{x} is right"], [])
    monkeypatch.setattr(core_messages, "SOURCES", [good, bad])
    assert core_messages.collect()[1] == ["bad.py:2"]
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "core_messages.py"), "--check"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr  # and the repository's own messages are all listed
