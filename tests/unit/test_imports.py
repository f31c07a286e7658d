"""The project's import graph, built from the code's own imports (at the top of a file or
inside a function alike): no circle between files, and llama.cpp reached only through
models/ (the desktop and core go through the engine interface and models/system_check)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# the installed package name of each folder (pyproject's package-dir)
PACKAGES = {"core": "gradsum.core", "models": "gradsum.models", "desktop": "gradsum.desktop",
            "gradsum": "gradsum"}


def modules() -> dict[str, Path]:
    out = {}
    for folder, name in PACKAGES.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join((name, *parts))] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> tuple[set[str], set[str]]:
    """(project modules this file imports, top-level names of everything it imports)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found, tops = set(), set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[:len(up) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            # "from . import x" imports the module x where there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        for t in targets:
            tops.add(t.split(".")[0])
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found, tops


def graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    mods = modules()
    edges, tops = {}, {}
    for name, path in mods.items():
        edges[name], tops[name] = imports(name, path, set(mods))
    return edges, tops


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm). A package's
    __init__ importing its own modules is not a circle of files."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def test_no_circle_between_the_projects_files():
    edges, _ = graph()
    # a package's __init__ that only re-exports is not a file in a circle
    packages = {n for n, p in modules().items() if p.name == "__init__.py"}
    plain = {n: {w for w in e if w not in packages} for n, e in edges.items()
             if n not in packages}
    assert not circles(plain)


def test_the_graph_sees_imports_inside_functions():
    # the reader above must find what a function imports, or the first test proves nothing
    edges, _ = graph()
    assert circles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    # engine_child imports the engine only inside main(), in the model process
    assert "gradsum.models.local_engine" in edges["gradsum.models.engine_child"]
    assert "gradsum.models.llama_log" in edges["gradsum.models.engine_child"]  # "from . import"


def test_llama_cpp_is_imported_only_in_models():
    _, tops = graph()
    outside = sorted(n for n, t in tops.items()
                     if "llama_cpp" in t and not n.startswith("gradsum.models"))
    assert not outside
