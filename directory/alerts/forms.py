"""The alert sign-up form: an email address and how often."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField

from directory.alerts.models import FREQUENCIES
from directory.forms import Form, email_address, enter, max_length, options, select


class AlertForm(Form):
    email = StringField(
        "Your email address",
        widget=GovTextInput(),
        description="We will email you a link to confirm the alert before we send anything.",
        validators=[enter("your email address"), max_length(254, "Email address"), email_address()],
    )
    frequency = RadioField(
        "How often should we email you?",
        widget=GovRadioInput(),
        choices=options((code, f"{label}, when there is something new") for code, label in FREQUENCIES.items()),
        validators=[select("how often we should email you")],
    )
    submit = SubmitField("Set up the alert", widget=GovSubmitInput())
