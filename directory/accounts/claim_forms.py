"""The claim forms: asking to manage an organisation (with a new account, or signed in) and refusing a claim."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField

from directory.accounts.forms import _check_new_password, email_field, new_password_field
from directory.forms import Form, enter, max_length


class _NewAccount(Form):
    """The sign-up questions, asked first on the claim page when the person is not signed in."""

    name = StringField(
        "Full name", widget=GovTextInput(), validators=[enter("your full name"), max_length(200, "Full name")]
    )
    email = email_field(hint="Use your work email address: it helps us check that you work there.")
    password = new_password_field()

    def validate_password(self, field):
        _check_new_password(self, field, self.email.data or "")


class ClaimForm(Form):
    role = StringField(
        "Your job title",
        widget=GovTextInput(),
        description="For example, Apprenticeships manager.",
        validators=[enter("your job title"), max_length(200, "Your job title")],
    )
    message = TextAreaField(
        "How can we check that you work there?",
        widget=GovTextArea(),
        description=(
            "For example, a page on the organisation's website that names you, or a colleague we can contact."
        ),
        validators=[enter("how we can check that you work there"), max_length(2000, "Your answer")],
    )
    submit = SubmitField("Send request", widget=GovSubmitInput())


class NewAccountClaimForm(ClaimForm, _NewAccount):
    """Create an account and claim in one step; the account questions come first (fields keep creation order)."""


class RefuseClaimForm(Form):
    reason = TextAreaField(
        "Why are you refusing it?",
        widget=GovTextArea(),
        description="The person will get this in an email. Say what would change your mind.",
        validators=[enter("the reason for refusing it"), max_length(2000, "Reason")],
    )
