"""The moderators' form: the reason for rejecting a listing revision or an organisation's new name and website."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField
from wtforms.validators import ValidationError

from directory.forms import CONTROL_CHARACTERS, Form, enter, max_length


class RejectForm(Form):
    reason = TextAreaField(
        "Why is this being rejected?",
        widget=GovTextArea(),
        validators=[enter("the reason for rejecting it"), max_length(2000, "Reason")],
        description="The provider will see this. Say what they need to change.",
    )

    def validate_reason(self, field):
        if CONTROL_CHARACTERS.search(field.data or ""):
            raise ValidationError("Reason must not contain invisible control characters")
