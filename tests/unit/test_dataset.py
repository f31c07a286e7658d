import json

import pytest

from gradsum.core.dataset import SplitSizes, load, split_ids
from gradsum.core.errors import GradSumError


def test_csv_tsv_json_jsonl_load_the_same_rows(tmp_path):
    rows = [{"q": "a,b", "answer": "1"}, {"q": "中文", "answer": "2"}]
    (tmp_path / "d.csv").write_text('q,answer\n"a,b",1\n中文,2\n', "utf-8")
    (tmp_path / "d.tsv").write_text("q\tanswer\na,b\t1\n中文\t2\n", "utf-8")
    (tmp_path / "d.json").write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    for name in ("d.csv", "d.tsv", "d.json", "d.jsonl"):
        ds = load(tmp_path / name)
        assert ds.columns == ["q", "answer"] and ds.rows == rows, name


def test_encodings_bom_gb18030_utf16(tmp_path):
    text = "问题,answer\n今天星期几,五\n"
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "gbk.csv").write_bytes(text.encode("gbk"))
    (tmp_path / "u16.csv").write_bytes(text.encode("utf-16"))
    for name, enc in (("bom.csv", "utf-8-sig"), ("gbk.csv", "gb18030"), ("u16.csv", "utf-16")):
        ds = load(tmp_path / name)
        assert ds.columns == ["问题", "answer"] and ds.rows[0]["问题"] == "今天星期几", name
        assert ds.encoding == enc


@pytest.mark.parametrize("name, content, fragment", [
    ("e.csv", b"", "empty"),
    ("h.csv", b"q,answer\n", "no data rows"),
    ("r.csv", b"q,answer\n1,2\n3\n", "line 3: 1 fields, but the header has 2"),
    ("d.csv", b"q,q\n1,2\n", "duplicate column"),
    ("w.csv", b"q;answer\n1;2\n", "different delimiter"),
    ("b.csv", b"q\n\xff\xfe\x00\x81\n", "neither UTF-8 nor GB18030"),
    ("l.json", b'{"q": 1}', "list of objects, got an object"),
    ("i.json", b'[1, 2]', "item 1: expected an object, got a number"),
    ("j.jsonl", b'{"q": 1}\n{bad\n', "line 2: not valid JSON"),
    ("x.xlsx", b"PK", "unknown file type"),
])
def test_malformed_files_get_specific_errors(tmp_path, name, content, fragment):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(GradSumError) as e:
        load(tmp_path / name)
    assert fragment in str(e.value)
    assert name in str(e.value)


def test_split_is_seeded_disjoint_and_sized():
    ids = list(range(1, 101))
    a = split_ids(ids, SplitSizes(30, 20, 10), seed=1)
    b = split_ids(ids, SplitSizes(30, 20, 10), seed=1)
    c = split_ids(ids, SplitSizes(30, 20, 10), seed=2)
    assert a == b and a != c
    assert (len(a.train), len(a.val), len(a.test)) == (30, 20, 10)
    assert not set(a.train) & set(a.val) and not set(a.val) & set(a.test)
    assert len(split_ids(ids, SplitSizes(30, 20, None), 0).test) == 50
    assert split_ids(ids, SplitSizes(30, 20, 0), 0).test == []
    with pytest.raises(GradSumError, match="has 100 rows"):
        split_ids(ids, SplitSizes(80, 30, 0), 0)


def test_split_sizes_follow_the_data():
    from gradsum.core.dataset import suggest_sizes
    big = suggest_sizes(250)
    assert (big.train, big.val, big.test) == (30, 100, None)  # 120 left for the test
    mid = suggest_sizes(120)
    assert (mid.train, mid.val) == (30, 45) and 120 - 30 - 45 >= mid.val
    small = suggest_sizes(40)
    assert (small.train, small.val) == (13, 13)
    assert suggest_sizes(2).train >= 1 and suggest_sizes(2).val >= 1
