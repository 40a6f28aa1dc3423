"""The one form privacy needs: confirming, with the password, that a person wants their account closed."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput
from wtforms import PasswordField, SubmitField

from directory.forms import Form, enter


class CloseAccountForm(Form):
    password = PasswordField("Your password", widget=GovPasswordInput(), validators=[enter("your password")])
    submit = SubmitField("Close your account", widget=GovSubmitInput())
