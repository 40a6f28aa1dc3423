"""The public forms. Each has a honeypot field, `website`, hidden from people: anything typed in it marks a bot."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField

from directory.forms import Form, email_address, enter, max_length, optional, web_address


class HoneypotForm(Form):
    """What every public form shares. Each one names the `kind` of message it sends, and its `message_fields()`
    says what the answers fill in (directory.public_forms.services.submit_message's fields)."""

    website = StringField("Leave this field empty", widget=GovTextInput())

    @property
    def caught_a_bot(self) -> bool:
        return bool(self.website.data)


def your_name():
    return StringField(
        "Your name", widget=GovTextInput(), validators=[enter("your name"), max_length(200, "Your name")]
    )


def your_email(hint: str):
    return StringField(
        "Your email address",
        widget=GovTextInput(),
        description=hint,
        validators=[enter("your email address"), max_length(254, "Email address"), email_address()],
    )


def optional_email(hint: str):
    return StringField(
        "Your email address (optional)",
        description=hint,
        widget=GovTextInput(),
        validators=[optional(), max_length(254, "Email address"), email_address()],
    )


def long_answer(label: str, hint: str, thing: str, name: str):
    """A text box of up to 3,000 characters: 'Enter {thing}', '{name} must be 3000 characters or fewer'."""
    return TextAreaField(
        label, widget=GovTextArea(), description=hint, validators=[enter(thing), max_length(3000, name)]
    )


class ReportForm(HoneypotForm):
    kind = "report"
    problem = long_answer(
        "What is wrong with this listing?",
        (
            "For example, the dates have changed, the link does not work or it has stopped running. "
            "Do not include personal information."
        ),
        "what is wrong with this listing",
        "Your description",
    )
    email = optional_email("Only if you would like a reply.")
    submit = SubmitField("Send report", widget=GovSubmitInput())

    def message_fields(self) -> dict:
        return {"body": self.problem.data, "email": self.email.data}


class EnquiryForm(HoneypotForm):
    kind = "enquiry"
    name = your_name()
    organisation = StringField(
        "Your organisation",
        widget=GovTextInput(),
        description="The employer you work for.",
        validators=[enter("your organisation"), max_length(200, "Your organisation")],
    )
    email = your_email("The provider will reply to this.")
    message = long_answer(
        "Your message",
        (
            "Tell the provider how you would like to get involved, for example by offering placements, "
            "work experience or jobs."
        ),
        "your message",
        "Your message",
    )
    submit = SubmitField("Send message", widget=GovSubmitInput())

    def message_fields(self) -> dict:
        return {
            "name": self.name.data,
            "sender_organisation": self.organisation.data,
            "email": self.email.data,
            "body": self.message.data,
        }


class SuggestForm(HoneypotForm):
    kind = "suggestion"
    resource_name = StringField(
        "Name of the course, programme or resource",
        widget=GovTextInput(),
        validators=[enter("the name of the course, programme or resource"), max_length(200, "The name")],
    )
    resource_url = StringField(
        "Web address (optional)",
        widget=GovTextInput(),
        description="Where people can find out more, like https://www.example.ac.uk/course",
        validators=[optional(), max_length(500, "Web address"), web_address()],
    )
    details = long_answer(
        "Tell us about it",
        "Who runs it, who it is for and where it takes place.",
        "some details about it",
        "The details",
    )
    email = optional_email("Only if you would like us to tell you when it is listed.")
    submit = SubmitField("Send suggestion", widget=GovSubmitInput())

    def message_fields(self) -> dict:
        return {
            "resource_name": self.resource_name.data,
            "resource_url": self.resource_url.data,
            "body": self.details.data,
            "email": self.email.data,
        }


class AskForm(HoneypotForm):
    """A question to the directory team about a listing with no contact details: how to take part, who runs it."""

    kind = "question"
    name = your_name()
    email = your_email("We will reply to this.")
    question = long_answer(
        "Your question",
        (
            "For example, how to apply, when it next starts or who to contact. Do not include personal information "
            "such as your health or finances."
        ),
        "your question",
        "Your question",
    )
    submit = SubmitField("Send question", widget=GovSubmitInput())

    def message_fields(self) -> dict:
        return {"name": self.name.data, "email": self.email.data, "body": self.question.data}


class SiteProblemForm(HoneypotForm):
    """A problem with the site itself: a page that breaks, a link that goes nowhere, something hard to use."""

    kind = "site_problem"
    page = StringField(
        "Which page were you on? (optional)",
        widget=GovTextInput(),
        description="The web address or the page's title, if you know it.",
        validators=[optional(), max_length(500, "The page")],
    )
    problem = long_answer(
        "What went wrong?",
        (
            "Tell us what you were trying to do and what happened. Do not include personal information. "
            "To report a mistake in a listing, use the link at the bottom of that listing instead."
        ),
        "what went wrong",
        "Your description",
    )
    email = optional_email("Only if you would like a reply.")
    submit = SubmitField("Send report", widget=GovSubmitInput())

    def message_fields(self) -> dict:
        return {"resource_url": self.page.data, "body": self.problem.data, "email": self.email.data}
