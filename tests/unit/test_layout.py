"""The layout's rules, read from the code's own imports: feature packages stack without a
loop, imports stand at the top of a module (inside a function only where start-up cost says
so), and bench/ imports the installed package (its scripts may import what one benchmark
needs inside it)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Imports inside functions, for start-up cost only: the `callprep` command loads spaCy, the
# sandbox or Alembic where a command uses them; create_app loads the API and pages when an app
# is built, not with the package; dateparser is for ingest, never a brief.
LATE_IMPORTS_ALLOWED = {
    "callprep/cli/",
    "callprep/__init__.py",
    "callprep/spoken_time.py",
    # Dramatiq and its Redis broker are imported only when a queue is configured
    "callprep/jobs/runners.py",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in [*(ROOT / "callprep").rglob("*.py"), *(ROOT / "nlp").rglob("*.py")]:
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> list[tuple[str, ast.AST]]:
    """What ``path`` imports: ``from a import b`` is a.b when that is a module, else a."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.append((name if name in modules else node.module, node))
    return found


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "callprep" and len(parts) > 2 else module


def test_the_packages_stack_without_a_loop():
    modules = _modules()
    uses: dict[str, dict[str, str]] = defaultdict(dict)
    for name, path in modules.items():
        for target, _node in _imports(path, modules):
            if target in modules and _package(target) != _package(name):
                uses[_package(name)].setdefault(_package(target), f"{name} -> {target}")
    assert len(uses) > 15, "the scan found the packages"
    assert not _loops(uses), f"packages that import each other, round a loop: {_loops(uses)}"


def _loops(uses: dict[str, dict[str, str]]) -> list[list[str]]:
    """Each loop of packages (a -> b -> ... -> a) once, as the imports that close it."""
    loops: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(start: str, here: str, path: list[str]) -> None:
        for nxt in uses.get(here, {}):
            if nxt == start:
                ring = frozenset(path)
                if ring not in seen:
                    seen.add(ring)
                    hops = zip(path, [*path[1:], start], strict=True)
                    loops.append([uses[a][b] for a, b in hops])
            elif nxt not in path and nxt > start:
                walk(start, nxt, [*path, nxt])

    for start in sorted(uses):
        walk(start, start, [start])
    return loops


def test_imports_stand_at_the_top_of_a_module_unless_start_up_cost_says_otherwise():
    late = []
    for path in _modules().values():
        where = path.relative_to(ROOT).as_posix()
        if any(where.startswith(allowed) for allowed in LATE_IMPORTS_ALLOWED):
            continue
        tree = ast.parse(path.read_text())
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            is_import = isinstance(node, ast.Import | ast.ImportFrom)
            if is_import and id(node) not in top and not _in_type_checking(tree, node):
                late.append(f"{where}:{node.lineno}")
    assert not late, f"imports inside functions or blocks: {late}"


def _in_type_checking(tree: ast.Module, target: ast.AST) -> bool:
    return any(
        isinstance(node, ast.If)
        and "TYPE_CHECKING" in ast.unparse(node.test)
        and any(child is target for child in ast.walk(node))
        for node in tree.body
    )


def test_bench_imports_the_installed_package():
    edits = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in (ROOT / "bench").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and (node.value.id, node.attr) == ("sys", "path")
    ]
    assert not edits, f"bench edits sys.path: {edits}"
