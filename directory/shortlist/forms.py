"""The one form the shortlist has: "email this shortlist to me"."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField

from directory.forms import Form, email_address, enter, max_length


class EmailShortlistForm(Form):
    email = StringField(
        "Your email address",
        widget=GovTextInput(),
        description="We send the list and its link once. The copy we keep of the email is deleted after 30 days.",
        validators=[enter("your email address"), max_length(254, "Email address"), email_address()],
    )
    submit = SubmitField("Email me this shortlist", widget=GovSubmitInput())
