"""Template hygiene that strict undefined alone cannot enforce: every template parses, and every include, import and
extends names a template that exists, with nothing included "ignore missing" (which would hide a typo)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import nodes

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _own_templates() -> list[str]:
    return sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*") if path.is_file())


def _named_templates(tree) -> list[nodes.Node]:
    return [
        *tree.find_all(nodes.Include),
        *tree.find_all(nodes.Extends),
        *tree.find_all(nodes.Import),
        *tree.find_all(nodes.FromImport),
    ]


def test_no_include_is_allowed_to_be_missing(app):
    env = app.jinja_env
    loose = [
        name
        for name in _own_templates()
        for node in env.parse(env.loader.get_source(env, name)[0]).find_all(nodes.Include)
        if node.ignore_missing
    ]
    assert loose == []


def test_every_named_template_exists(app):
    env = app.jinja_env
    known = set(env.list_templates())
    missing = []
    for name in _own_templates():
        for node in _named_templates(env.parse(env.loader.get_source(env, name)[0])):
            if isinstance(node.template, nodes.Const) and node.template.value not in known:
                missing.append(f"{name}: {node.template.value}")
    assert missing == []
