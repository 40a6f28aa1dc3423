"""The import contract of docs/architecture.md: dependencies point down the floors, nothing forms a cycle, and only
the search engine knows Whoosh (and knows nothing of Flask or the database).

The graph is read from the source with `ast`, so imports inside functions count as much as those at the top: moving
an upward import into a function does not hide it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "directory"

# Bottom to top. A part may import parts on its own floor or below, never above; and the whole graph has no cycle.
FLOORS = [
    (
        "shared",
        {
            "clock",
            "config",
            "extensions",
            "taxonomy",
            "geography",
            "phrases",
            "numbers",
            "licence",
            "public_ids",
            "progress",
            "site_address",
            "versioned",
            "security",
            "errors",
            "forms",
            "audit",
            "mail",
        },
    ),
    ("engine", {"search"}),
    ("listings", {"listings"}),
    ("accounts", {"accounts"}),
    ("submissions", {"submissions"}),
    ("moderation", {"moderation"}),
    ("public messages", {"public_forms"}),
    ("dashboard", {"dashboard"}),
    ("services on top", {"alerts", "shortlist", "freshness", "privacy", "ops", "api", "health", "providers_info"}),
    ("application", {"templating", "cli", "(factory)"}),
]
FLOOR_OF = {part: number for number, (_, parts) in enumerate(FLOORS) for part in parts}

# What only the engine may import, and what the engine may not.
ONLY_IN_SEARCH = {"whoosh"}
NOT_IN_SEARCH = {"flask", "flask_sqlalchemy", "flask_wtf", "flask_login", "sqlalchemy", "werkzeug", "jinja2"}


def part_of(module: str) -> str:
    """The part a dotted module name under `directory` belongs to: its first name below the package, or the
    factory for `directory` itself."""
    names = module.split(".")
    return names[1] if len(names) > 1 else "(factory)"


def module_name(path: Path, root: Path) -> str:
    names = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(names[:-1] if names[-1] == "__init__" else names)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """Every module name an import statement anywhere in the tree names, relative imports resolved; for
    `from package import name` both `package` and `package.name` (which may be a module)."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".") if is_package else module.split(".")[:-1]
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join(parent + ([node.module] if node.module else []))
            if base != "directory":  # `from directory import taxonomy` names the part, not the factory
                names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
    return names


def read_graph(root: Path = PACKAGE):
    """(edges between parts, {part: third-party top-level names it imports})."""
    edges, outside = defaultdict(set), defaultdict(set)
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        source = part_of(module)
        for name in imported_names(ast.parse(path.read_text(encoding="utf-8")), module, path.name == "__init__.py"):
            if name == "directory" or name.startswith("directory."):
                target = part_of(name)
                if name.count(".") == 1 and target not in FLOOR_OF:
                    target = "(factory)"  # `from directory import create_app`: a name the factory defines
                if target != source:
                    edges[source].add(target)
            elif name:
                outside[source].add(name.split(".")[0])
    return edges, outside


def upward_edges(edges: dict) -> list[str]:
    return sorted(
        f"{source} -> {target} ({FLOORS[FLOOR_OF[source]][0]} imports {FLOORS[FLOOR_OF[target]][0]})"
        for source, targets in edges.items()
        for target in targets
        if FLOOR_OF[target] > FLOOR_OF[source]
    )


def cycles(edges: dict) -> list[list[str]]:
    """Each strongly connected group of more than one part (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(set(edges) | {t for targets in edges.values() for t in targets}):
        if node not in index:
            visit(node)
    return groups


@pytest.fixture(scope="module")
def graph():
    return read_graph()


def test_every_part_has_a_floor(graph):
    edges, outside = graph
    parts = set(edges) | {t for targets in edges.values() for t in targets} | set(outside)
    assert sorted(parts - set(FLOOR_OF)) == [], "name the new part's floor in FLOORS and docs/architecture.md"


def test_nothing_imports_upward(graph):
    edges, _ = graph
    assert upward_edges(edges) == []


def test_no_cycles_between_parts(graph):
    edges, _ = graph
    assert cycles(edges) == []


def test_only_the_engine_imports_whoosh(graph):
    _, outside = graph
    assert sorted(part for part, names in outside.items() if names & ONLY_IN_SEARCH and part != "search") == []


def test_the_engine_knows_no_web_framework_and_no_database(graph):
    edges, outside = graph
    assert sorted(outside["search"] & NOT_IN_SEARCH) == []
    assert sorted(target for target in edges["search"] if FLOOR_OF[target] != 0) == []
    assert "extensions" not in edges["search"]


def test_the_checks_catch_what_they_are_for(tmp_path):
    """The contract itself can fail: a package where the engine imports a feature and Flask, lazily, inside a
    function, and two features import each other."""
    root = tmp_path / "directory"
    for folder in ("search", "listings", "accounts"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text('"""A part."""\n')
    (root / "__init__.py").write_text('"""The factory."""\n')
    (root / "search" / "engine.py").write_text(
        "def run():\n    from flask import current_app\n    from directory.listings import models\n"
    )
    (root / "listings" / "models.py").write_text("from ..accounts import people\n")
    (root / "accounts" / "people.py").write_text("from directory import listings\nimport whoosh\n")
    edges, outside = read_graph(root)
    assert edges["search"] == {"listings"}
    assert upward_edges(edges) == [
        "listings -> accounts (listings imports accounts)",
        "search -> listings (engine imports listings)",
    ]
    assert cycles(edges) == [["accounts", "listings"]]
    assert "flask" in outside["search"] and "whoosh" in outside["accounts"]


ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}
MODULE_LINES, VIEW_LINES = 400, 25


def views_in(tree: ast.AST):
    """Every function a blueprint or app routes to, with its length from `def` to its last line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(call, ast.Attribute) and call.attr in ROUTE_DECORATORS:
                    yield node.name, node.end_lineno - node.lineno + 1
                    break


def test_modules_and_views_stay_small():
    """A long module or view is a concept without a name yet (docs/architecture.md)."""
    long_modules, long_views = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        where = path.relative_to(PACKAGE.parent)
        if source.count("\n") > MODULE_LINES:
            long_modules.append(f"{where}: {source.count(chr(10))} lines")
        long_views += [
            f"{where}: {name}, {lines} lines" for name, lines in views_in(ast.parse(source)) if lines > VIEW_LINES
        ]
    assert long_modules == []
    assert long_views == []


def test_the_size_check_sees_views():
    tree = ast.parse(
        "@bp.get('/a')\ndef short():\n    return 1\n\n@bp.route('/b', methods=['POST'])\n"
        "def long():\n" + "    x = 1\n" * 30 + "\ndef helper():\n" + "    y = 2\n" * 40
    )
    assert list(views_in(tree)) == [("short", 2), ("long", 31)]
