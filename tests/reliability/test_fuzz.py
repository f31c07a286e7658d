"""Property-based: any input either parses or raises our own GradSumError, never another
exception."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradsum.core.dataset import load
from gradsum.core.errors import GradSumError
from gradsum.core.template import parse, placeholders, render

braces = st.text(alphabet=st.sampled_from(list("{}ab_.:!0[]中 \n")), max_size=40)


@given(st.one_of(st.text(max_size=200), braces))
@settings(max_examples=400, deadline=None)
def test_template_parser(text):
    try:
        names = placeholders(text)
    except GradSumError:
        return
    out = render(text, {n: "<v>" for n in names})  # rendering a parsed template never raises
    literal = "".join(p.text for p in parse(text) if not p.is_placeholder)
    assert out.count("<v>") >= sum(p.is_placeholder for p in parse(text))
    assert len(out) >= len(literal)


@given(st.binary(max_size=400), st.sampled_from(["csv", "tsv", "json", "jsonl"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_importers_on_arbitrary_bytes(tmp_path_factory, data, ext):
    path = tmp_path_factory.mktemp("fuzz") / f"f.{ext}"
    path.write_bytes(data)
    try:
        ds = load(path)
    except GradSumError:
        return
    assert ds.rows and all(set(r) == set(ds.columns) for r in ds.rows)


@given(st.lists(st.dictionaries(st.text(max_size=8), st.one_of(
    st.text(max_size=20), st.integers(), st.none(), st.booleans(), st.floats(
        allow_nan=False))), max_size=5))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_jsonl_of_arbitrary_objects(tmp_path_factory, objs):
    import json
    path = tmp_path_factory.mktemp("fuzz") / "f.jsonl"
    path.write_text("\n".join(json.dumps(o) for o in objs), "utf-8")
    try:
        ds = load(path)
    except GradSumError:
        return
    assert len(ds.rows) == len(objs)
