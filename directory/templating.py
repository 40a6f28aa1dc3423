"""Jinja set-up: our templates plus the GOV.UK Frontend macros, strict about undefined names, and every filter,
global and context processor the templates use (features register none of their own, so this file lists them all)."""

from __future__ import annotations

import sys

from flask import Flask, request, url_for
from flask_login import current_user
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader, StrictUndefined, Undefined
from markupsafe import Markup, escape

from directory import licence, taxonomy
from directory.accounts.claims import claimable
from directory.api.pages import listing_structured_data, search_export_links
from directory.dashboard.confirmation import confirmed_by_provider
from directory.forms import error_summary_items
from directory.listings.presenters import course_facts, next_start_label, organisation_facts
from directory.listings.rules import AGES_IN_WORDS
from directory.ops.logs import current_request_id
from directory.security import csp_nonce
from directory.shortlist import store as shortlist_store
from directory.site_address import public_url


class OwnTemplatesStrictUndefined(StrictUndefined):
    """Fail loudly on an undefined name in our own templates, so a typo breaks a test instead of rendering blank.

    The GOV.UK Frontend macros are written to test optional parameters by using them (`{% if params.classes %}`),
    so inside those macros an undefined value behaves as Jinja's default does.
    """

    def _in_govuk_macro(self) -> bool:
        frame = sys._getframe(2)
        for _ in range(8):  # up through Jinja's own helpers (filters, tests) to the template that asked
            if frame is None:
                return False
            filename = frame.f_code.co_filename
            if filename.endswith(".html"):
                return "govuk_frontend_" in filename
            frame = frame.f_back
        return False

    def __str__(self):
        return "" if self._in_govuk_macro() else super().__str__()

    def __bool__(self):
        return False if self._in_govuk_macro() else super().__bool__()

    def __iter__(self):
        return iter(()) if self._in_govuk_macro() else super().__iter__()

    def __len__(self):
        return 0 if self._in_govuk_macro() else super().__len__()

    def __eq__(self, other):
        return type(self) is type(other) if self._in_govuk_macro() else super().__eq__(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = Undefined.__hash__


def configure_jinja(app: Flask) -> None:
    """Where templates come from, and how strict they are."""
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.undefined = OwnTemplatesStrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        date=format_date, paragraphs=paragraphs, line_breaks=line_breaks, label_for=label_for, list_labels=list_labels
    )


def register_globals(app: Flask) -> None:
    """Names every template may use."""
    app.jinja_env.globals.update(
        taxonomy=taxonomy,
        listing_ages=AGES_IN_WORDS,
        licence=licence,
        site_name="Life Sciences Skills Directory",
        navigation_items=navigation_items,
        footer_items=footer_items,
        feedback_url=feedback_url,
        browse_url=browse_url,
        summary_rows=summary_rows,
        organisation_facts=organisation_facts,
        course_facts=course_facts,
        next_start_label=next_start_label,
        error_summary_items=error_summary_items,
        shortlisted=shortlist_store.contains,
        shortlist_ids=shortlist_store.current,
        public_url=public_url,
        # What pages ask of particular features:
        claimable=claimable,  # accounts: whether to offer "Claim this organisation" (listing and provider pages)
        confirmed_by_provider=confirmed_by_provider,  # dashboard: who last confirmed a listing (listing page)
        listing_structured_data=listing_structured_data,  # api: the JSON-LD in a listing page's head
        search_export_links=search_export_links,  # api: download and feed links under search results
        request_id=current_request_id,  # ops: the reference an error page asks people to quote
    )


def register_context_processors(app: Flask) -> None:
    # GOV.UK's page template reads `cspNonce` for its inline scripts (directory/security.py sets the header).
    app.context_processor(lambda: {"cspNonce": csp_nonce()})


def format_date(value) -> str:
    """26 November 2026: the GOV.UK style for dates."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


def paragraphs(text: str | None) -> Markup:
    """Plain text with blank lines between paragraphs, as escaped <p> elements."""
    if not text:
        return Markup("")
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return Markup("\n").join(Markup('<p class="govuk-body">{}</p>').format(escape(p)) for p in parts)


def line_breaks(text: str) -> Markup:
    """Plain text with each line kept on its own line (values with several items are stored one per line)."""
    return Markup("<br>").join(escape(line) for line in str(text or "").split("\n"))


def label_for(code: str, vocabulary: str) -> str:
    return _vocabulary(vocabulary).label_for(code)


def list_labels(codes, vocabulary: str) -> list[str]:
    vocab = _vocabulary(vocabulary)
    return [vocab.label_for(code) for code in codes or []]


def _vocabulary(code: str) -> taxonomy.Vocabulary:
    for vocabulary in (*taxonomy.ALL_VOCABULARIES, taxonomy.SOURCES, taxonomy.LISTING_STATUSES):
        if vocabulary.code == code:
            return vocabulary
    raise KeyError(code)


# --- view helpers available to every template ---------------------------------------------------------------------

# (endpoint, label): the header's main menu. The last place is the person's own front door: the page about provider
# accounts for the public, a provider's dashboard, or the moderation queue. Five items, so that the header fits one row
# at 1280 px for every role with room for one more (an account menu).
NAVIGATION = (
    ("search.search", "Search"),
    ("listings.regions", "Regions"),
    ("search.providers", "Providers"),
    ("api_docs.developers", "Open data"),
)
FRONT_DOORS = {
    "public": ("providers_info.for_providers", "For providers"),
    "provider": ("dashboard.index", "Your dashboard"),
    "moderator": ("moderation.queue", "Moderation"),
}

FOOTER_LINKS = (
    ("explore.routes", "Routes into a career"),
    ("explore.coverage", "Where provision is missing"),
    ("providers_info.for_providers", "For providers"),
    ("shortlist.index", "Your shortlist"),
    ("public_forms.suggest", "Suggest a resource"),
    ("public_forms.site_problem", "Report a problem with this site"),
    ("api_docs.developers", "Open data and API"),
    ("listings.about", "About the directory"),
    ("privacy.notice", "Privacy"),
    ("privacy.cookies", "Cookies"),
)


def _front_door() -> tuple[str, str]:
    if not current_user.is_authenticated:
        return FRONT_DOORS["public"]
    return FRONT_DOORS["moderator" if current_user.is_moderator else "provider"]


def navigation_items() -> list[dict]:
    current = request.endpoint
    items = [*NAVIGATION, _front_door()]
    return [{"href": url_for(endpoint), "text": label, "active": endpoint == current} for endpoint, label in items]


def footer_items() -> list[dict]:
    return [{"href": url_for(endpoint), "text": label} for endpoint, label in FOOTER_LINKS]


def feedback_url() -> str:
    """The phase banner's link: a problem with the site itself (listings have their own report form), naming the
    page the person was on so they need not type it."""
    if request.endpoint in (None, "public_forms.site_problem"):
        return url_for("public_forms.site_problem")
    return url_for("public_forms.site_problem", page=request.path)


def browse_url(**filters) -> str:
    """A link into search narrowed by vocabulary codes, e.g. browse_url(type="htq")."""
    return url_for("search.search", **filters)


def summary_rows(facts) -> list[dict]:
    """(question, answer) pairs as govukSummaryList rows."""
    return [{"key": {"text": question}, "value": {"text": answer}} for question, answer in facts]
