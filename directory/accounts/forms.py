"""The account forms: sign up, sign in, forgotten and new password, your details."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import StopValidation, ValidationError

from directory import taxonomy
from directory.accounts import passwords
from directory.forms import AllowedValues, Form, email_address, enter, max_length, options


def email_field(label="Email address", hint=""):
    return StringField(
        label,
        description=hint,
        widget=GovTextInput(),
        validators=[enter("your email address"), max_length(254, "Email address"), email_address()],
    )


def new_password_field(label="Create a password"):
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description=(
            f"Use at least {passwords.MIN_LENGTH} characters. Three or four random words together are easy to "
            "remember and hard to guess."
        ),
    )


def _check_new_password(form, field, email: str = "") -> None:
    if not field.data:
        raise StopValidation("Enter a password")
    problem = passwords.password_problem(field.data, email)
    if problem:
        raise ValidationError(problem)


class SignUpForm(Form):
    name = StringField(
        "Full name", widget=GovTextInput(), validators=[enter("your full name"), max_length(200, "Full name")]
    )
    email = email_field(hint="We will send a link to this address if you forget your password.")
    password = new_password_field()
    organisation_choice = RadioField(
        "Is your organisation already in the directory?",
        widget=GovRadioInput(),
        validate_choice=False,
        choices=options([("new", "No, add my organisation"), ("join", "Yes, ask to join it")]),
        validators=[AllowedValues(["new", "join"], "Select if your organisation is already in the directory")],
    )
    org_name = StringField(
        "Organisation name",
        widget=GovTextInput(),
        description="The name people know it by, like Barking and Dagenham College.",
    )
    org_type = SelectField(
        "Type of organisation",
        widget=GovSelect(),
        validate_choice=False,
        choices=options([("", "Choose a type"), *taxonomy.ORGANISATION_TYPES.choices()]),
    )
    org_regions = SelectMultipleField(
        "Where does your organisation run provision?",
        widget=GovCheckboxesInput(),
        validate_choice=False,
        choices=options(taxonomy.REGIONS.choices()),
        description="Select all that apply.",
    )
    join_organisation = SelectField(
        "Your organisation",
        widget=GovSelect(),
        validate_choice=False,
        choices=[],
        description="A member of the organisation or a moderator will approve your "
        "request. Until then you can sign in but not edit its listings.",
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())

    def __init__(self, *args, organisations: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.join_organisation.choices = options([("", "Choose your organisation"), *list(organisations or [])])

    def validate_password(self, field):
        _check_new_password(self, field, self.email.data or "")

    def validate_organisation_choice(self, field):
        if not field.data:
            raise StopValidation("Select if your organisation is already in the directory")

    def validate_org_name(self, field):
        if self.organisation_choice.data != "new":
            return
        if not field.data:
            raise StopValidation("Enter the name of your organisation")
        if len(field.data) > 200:
            raise ValidationError("Organisation name must be 200 characters or fewer")
        from directory.accounts.services import TAKEN_NAME, organisation_named

        if organisation_named(field.data) is not None:
            raise ValidationError(TAKEN_NAME)

    def validate_org_type(self, field):
        if self.organisation_choice.data == "new":
            if not field.data:
                raise StopValidation("Select the type of organisation")
            AllowedValues(taxonomy.ORGANISATION_TYPES.codes(), "Select a type of organisation from the list")(
                self, field
            )

    def validate_org_regions(self, field):
        if self.organisation_choice.data == "new":
            if not field.data:
                raise StopValidation("Select at least one region")
            AllowedValues(taxonomy.REGIONS.codes(), "Select regions from the list")(self, field)

    def validate_join_organisation(self, field):
        if self.organisation_choice.data != "join":
            return
        known = {choice.value for choice in field.choices if choice.value}
        if field.data not in known:
            raise StopValidation("Select your organisation")


class SignInForm(Form):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[enter("your email address"), max_length(254, "Email address")],
    )
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[enter("your password")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ForgottenPasswordForm(Form):
    email = email_field(hint="Enter the email address you signed up with.")
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class _SetsNewPassword:
    """A form whose `password` is a new password for the account with `email` (which it must not resemble)."""

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field):
        _check_new_password(self, field, self._email)


class ResetPasswordForm(_SetsNewPassword, Form):
    password = new_password_field("New password")
    submit = SubmitField("Save new password", widget=GovSubmitInput())


class DetailsForm(Form):
    name = StringField(
        "Full name", widget=GovTextInput(), validators=[enter("your full name"), max_length(200, "Full name")]
    )
    email = email_field()
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class ChangePasswordForm(_SetsNewPassword, Form):
    current_password = PasswordField(
        "Current password", widget=GovPasswordInput(), validators=[enter("your current password")]
    )
    password = new_password_field("New password")
    submit = SubmitField("Change password", widget=GovSubmitInput())


class DecisionForm(Form):
    """Approve or refuse a join request: the buttons carry the decision."""

    decision = RadioField(
        "Decision",
        validate_choice=False,
        choices=options([("approve", "Approve"), ("refuse", "Refuse")]),
        validators=[AllowedValues(["approve", "refuse"], "Select approve or refuse")],
    )

    def validate_decision(self, field):
        if not field.data:
            raise StopValidation("Select approve or refuse")
