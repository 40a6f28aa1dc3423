"""The public forms. Each has a honeypot field, `website`, hidden from people: anything typed in it marks a bot."""
from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField

from directory.forms import Form, email_address, enter, max_length, optional, web_address


class HoneypotForm(Form):
    website = StringField("Leave this field empty", widget=GovTextInput())

    @property
    def caught_a_bot(self) -> bool:
        return bool(self.website.data)


def optional_email(hint: str):
    return StringField("Your email address (optional)", description=hint, widget=GovTextInput(),
                       validators=[optional(), max_length(254, "Email address"), email_address()])


class ReportForm(HoneypotForm):
    problem = TextAreaField("What is wrong with this listing?", widget=GovTextArea(), description=(
        "For example, the dates have changed, the link does not work or it has stopped running. "
        "Do not include personal information."),
        validators=[enter("what is wrong with this listing"), max_length(3000, "Your description")])
    email = optional_email("Only if you would like a reply.")
    submit = SubmitField("Send report", widget=GovSubmitInput())


class EnquiryForm(HoneypotForm):
    name = StringField("Your name", widget=GovTextInput(),
                       validators=[enter("your name"), max_length(200, "Your name")])
    organisation = StringField("Your organisation", widget=GovTextInput(), description="The employer you work for.",
                               validators=[enter("your organisation"), max_length(200, "Your organisation")])
    email = StringField("Your email address", widget=GovTextInput(), description="The provider will reply to this.",
                        validators=[enter("your email address"), max_length(254, "Email address"),
                                    email_address()])
    message = TextAreaField("Your message", widget=GovTextArea(), description=(
        "Tell the provider how you would like to get involved, for example by offering placements, "
        "work experience or jobs."),
        validators=[enter("your message"), max_length(3000, "Your message")])
    submit = SubmitField("Send message", widget=GovSubmitInput())


class SuggestForm(HoneypotForm):
    resource_name = StringField("Name of the course, programme or resource", widget=GovTextInput(),
                                validators=[enter("the name of the course, programme or resource"),
                                            max_length(200, "The name")])
    resource_url = StringField("Web address (optional)", widget=GovTextInput(),
                               description="Where people can find out more, like https://www.example.ac.uk/course",
                               validators=[optional(), max_length(500, "Web address"), web_address()])
    details = TextAreaField("Tell us about it", widget=GovTextArea(), description=(
        "Who runs it, who it is for and where it takes place."),
        validators=[enter("some details about it"), max_length(3000, "The details")])
    email = optional_email("Only if you would like us to tell you when it is listed.")
    submit = SubmitField("Send suggestion", widget=GovSubmitInput())


class AskForm(HoneypotForm):
    """A question to the directory team about a listing with no contact details: how to take part, who runs it."""

    name = StringField("Your name", widget=GovTextInput(),
                       validators=[enter("your name"), max_length(200, "Your name")])
    email = StringField("Your email address", widget=GovTextInput(), description="We will reply to this.",
                        validators=[enter("your email address"), max_length(254, "Email address"),
                                    email_address()])
    question = TextAreaField("Your question", widget=GovTextArea(), description=(
        "For example, how to apply, when it next starts or who to contact. Do not include personal information "
        "such as your health or finances."),
        validators=[enter("your question"), max_length(3000, "Your question")])
    submit = SubmitField("Send question", widget=GovSubmitInput())


class SiteProblemForm(HoneypotForm):
    """A problem with the site itself: a page that breaks, a link that goes nowhere, something hard to use."""
    page = StringField("Which page were you on? (optional)", widget=GovTextInput(),
                       description="The web address or the page's title, if you know it.",
                       validators=[optional(), max_length(500, "The page")])
    problem = TextAreaField("What went wrong?", widget=GovTextArea(), description=(
        "Tell us what you were trying to do and what happened. Do not include personal information. "
        "To report a mistake in a listing, use the link at the bottom of that listing instead."),
        validators=[enter("what went wrong"), max_length(3000, "Your description")])
    email = optional_email("Only if you would like a reply.")
    submit = SubmitField("Send report", widget=GovSubmitInput())
