"""The search package is an engine: it imports no web framework, no database layer and no feature package, only
the shared modules below it, so it can be tested and benchmarked with plain documents alone."""

from __future__ import annotations

import ast
from pathlib import Path

import directory.search

SHARED = {
    "directory.search",
    "directory.taxonomy",
    "directory.geography",
    "directory.phrases",
    "directory.numbers",
    "directory.clock",
}
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "werkzeug", "jinja2", "sqlalchemy")


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
            if node.module == "directory":
                names.update(f"directory.{alias.name}" for alias in node.names)
    return names


def test_the_engine_imports_only_the_shared_modules_below_it():
    package = Path(directory.search.__file__).parent
    found = {}
    for path in sorted(package.glob("*.py")):
        for name in imported_names(path):
            top = name.split(".")[0]
            own = name.startswith("directory.") and not any(name == s or name.startswith(s + ".") for s in SHARED)
            if top in FORBIDDEN or own:
                found.setdefault(path.name, []).append(name)
    assert found == {}
