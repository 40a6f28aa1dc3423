"""The shared form behaviour every feature form relies on."""

from wtforms import SelectMultipleField, StringField

from directory import taxonomy
from directory.forms import AllowedValues, Form, enter, error_summary_items, max_length, options, select_at_least_one


class ExampleForm(Form):
    title = StringField("Title", validators=[enter("the course title"), max_length(10, "Title")])
    regions = SelectMultipleField(
        "Regions",
        choices=options(taxonomy.REGIONS.choices()),
        validate_choice=False,
        validators=[
            select_at_least_one("region"),
            AllowedValues(taxonomy.REGIONS.codes(), "Select a region from the list"),
        ],
    )


def _form(app, data):
    from werkzeug.datastructures import MultiDict

    with app.test_request_context("/", method="POST"):
        form = ExampleForm(formdata=MultiDict(data), meta={"csrf": False})
        form.validate()
        return form


def test_text_is_stripped_before_validation(app):
    form = _form(app, {"title": "   ", "regions": ["wales"]})
    assert form.title.data == ""
    assert form.title.errors == ["Enter the course title"]


def test_messages_use_govuk_wording_and_the_summary_links_each_field(app):
    form = _form(app, {"title": "far too long a title"})
    assert error_summary_items(form) == [
        {"text": "Title must be 10 characters or fewer", "href": "#title"},
        {"text": "Select at least one region", "href": "#regions"},
    ]


def test_tampered_choices_are_refused(app):
    form = _form(app, {"title": "Ok", "regions": ["wales", "atlantis"]})
    assert form.regions.errors == ["Select a region from the list"]


def _all_form_classes():
    """Every WTForms form class defined in the directory package (importing each module first)."""
    import importlib
    import pkgutil

    import wtforms

    import directory

    for module in pkgutil.walk_packages(directory.__path__, "directory."):
        importlib.import_module(module.name)
    found, waiting = [], [wtforms.Form]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            waiting.append(subclass)
            if subclass.__module__.startswith("directory."):
                found.append(subclass)
    return found


def test_every_form_is_built_on_the_one_base():
    """One text policy: no form reaches past directory.forms.Form to FlaskForm or wtforms.Form."""
    forms = _all_form_classes()
    assert len(forms) > 20
    assert [cls.__qualname__ for cls in forms if not issubclass(cls, Form)] == []
