"""The app factory tells the whole story: every template filter, global and context processor is registered by the
steps in directory/templating.py, never by a feature module as a side effect of importing it."""

import ast
from pathlib import Path

from flask import Flask

import directory
from directory import templating

# Flask and Blueprint methods (and the Jinja environment) through which a module could add an app-wide hook.
HOOKS = {
    "app_template_filter",
    "app_template_global",
    "app_template_test",
    "add_app_template_filter",
    "add_app_template_global",
    "add_app_template_test",
    "app_context_processor",
    "template_filter",
    "template_global",
    "template_test",
    "add_template_filter",
    "add_template_global",
    "add_template_test",
    "context_processor",
    "jinja_env",
}
# Where the context processors of Flask itself and of the extensions (register_extensions) are defined.
EXTENSION_MODULES = {"flask.templating", "flask_wtf.csrf", "flask_login.utils"}


def hooks_used_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [
        f"{path.name}:{node.lineno} {node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in HOOKS
    ]


def test_only_templating_registers_filters_globals_and_context_processors():
    package = Path(directory.__file__).parent
    found = {str(path.relative_to(package)): hooks_used_in(path) for path in sorted(package.rglob("*.py"))}
    assert found.pop("templating.py"), "templating.py registers the hooks"
    assert {path: uses for path, uses in found.items() if uses} == {}


def test_the_hook_finder_sees_a_blueprint_registering_a_global(tmp_path):
    module = tmp_path / "views.py"
    module.write_text('bp.add_app_template_global(helper, "helper")\n\n@bp.app_template_filter("x")\ndef x(): ...\n')
    assert hooks_used_in(module) == ["views.py:1 add_app_template_global", "views.py:3 app_template_filter"]


def test_the_apps_filters_and_globals_are_the_templating_steps_own(app):
    bare = Flask(__name__)
    templating.register_filters(bare)
    templating.register_globals(bare)
    assert set(app.jinja_env.filters) == set(bare.jinja_env.filters)
    assert set(app.jinja_env.globals) - set(bare.jinja_env.globals) == {"csrf_token", "csrf_meta_tag"}  # Flask-WTF


def test_every_context_processor_comes_from_flask_an_extension_or_templating(app):
    processors = [processor for chain in app.template_context_processors.values() for processor in chain]
    assert {processor.__module__ for processor in processors} == EXTENSION_MODULES | {"directory.templating"}
