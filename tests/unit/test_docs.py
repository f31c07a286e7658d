"""The documents say what the code does: the selection rule in docs/method.md is the
Selector's own docstring, quoted; every link between the pages leads somewhere; the README
stays a manual (short, the two set-up commands, figures in docs/benchmarks.md)."""
import re
from pathlib import Path

from gradsum.core import selection

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_method_page_quotes_the_selection_rule_as_the_code_states_it():
    page = words((ROOT / "docs" / "method.md").read_text("utf-8"))
    paragraphs = [words(p) for p in selection.__doc__.strip().split("\n\n")][1:]
    assert len(paragraphs) >= 4
    missing = [p[:60] for p in paragraphs if p not in page]
    assert not missing, f"docs/method.md no longer quotes core/selection.py: {missing}"


def test_every_link_between_the_pages_leads_to_a_file():
    broken = []
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" in target:
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not broken, broken


def test_the_readme_is_a_manual_with_the_two_set_up_commands():
    text = (ROOT / "README.md").read_text("utf-8")
    assert len(text.splitlines()) <= 150
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    assert blocks[:2] == ["bash scripts/start.sh\n", "bash scripts/test.sh\n"]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text("utf-8")
    # figures live in docs/benchmarks.md: no timings or measured percentages in the manual
    assert not re.search(r"\d+(\.\d+)? ?(s|min|minutes|tok/s)\b",
                         text.replace("(6 to 16 minutes on 2 cores)", ""))
    assert not re.search(r"\d+\.\d+%", text)
    for page in ("app", "cli", "method", "models", "benchmarks", "architecture", "translating"):
        assert f"docs/{page}.md" in text
