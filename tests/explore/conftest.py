"""Listings spread over regions, types, levels, audiences and topics, with the things coverage must not count."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.search.conftest import reindex  # noqa: F401  (a shared fixture)


@pytest.fixture
def spread(make, reindex):
    college = make.organisation(name="Tyne College", slug="tyne-college", regions=["north-east"])
    made = {
        "ne-apprenticeship": make.listing(
            organisation=college,
            title="Laboratory apprenticeship in Newcastle",
            region="north-east",
            levels=["level-3"],
            topics=["laboratory-science"],
        ),
        "ne-htq": make.listing(
            organisation=college,
            title="HTQ in applied biology",
            region="north-east",
            provision_type="htq",
            levels=["level-4", "level-5"],
            topics=["laboratory-science"],
            audiences=["adults", "career-changers"],
        ),
        "ne-degree": make.listing(
            organisation=college,
            title="Laboratory scientist degree apprenticeship",
            region="north-east",
            provision_type="degree-apprenticeship",
            levels=["level-6"],
            topics=["laboratory-science"],
        ),
        "london-bootcamp": make.listing(
            title="Data bootcamp in London",
            region="london",
            provision_type="skills-bootcamp",
            levels=["level-3"],
            topics=["data-ai"],
            audiences=["adults", "career-changers"],
        ),
        "two-regions": make.listing(
            title="Genomics short course",
            regions=["london", "south-east"],
            provision_type="short-course",
            levels=["no-qualification"],
            topics=["genomics"],
            audiences=["in-work"],
        ),
        "england": make.listing(
            title="England-wide T Level placements",
            region="england",
            provision_type="t-level",
            levels=["level-3"],
            topics=["laboratory-science"],
            audiences=["age-16-18"],
        ),
        "uk": make.listing(
            title="UK-wide employment support",
            region="uk-wide",
            provision_type="employment-support",
            levels=["no-qualification"],
            topics=["health-care"],
            audiences=["unemployed", "adults"],
        ),
        "wales-outreach": make.listing(
            title="Science in Welsh schools",
            region="wales",
            provision_type="outreach",
            levels=["no-qualification"],
            audiences=["secondary-pupils"],
            topics=["stem-general"],
        ),
        # Never counted: a sector initiative, an ended course, a draft.
        "initiative": make.listing(
            title="North East life sciences strategy",
            region="north-east",
            provision_type="strategy",
            kind="initiative",
            levels=[],
            costs=[],
            topics=["laboratory-science"],
        ),
        "ended": make.listing(
            title="Ended Scottish course", region="scotland", provision_type="short-course", availability="ended"
        ),
        "draft": make.listing(title="Draft Scottish course", region="scotland", status="draft"),
    }
    reindex()
    return made


def result_count(page) -> int:
    """The total /search shows ("1,234 results")."""
    match = re.search(r'id="result-count">\s*([\d,]+) result', page.html)
    assert match, "no result count on the search page"
    return int(match.group(1).replace(",", ""))


def cells(page, key: str) -> list[tuple[str, str]]:
    """(link text, href) of each count cell in the matrix whose caption id is `key`-caption."""
    start = page.html.index(f'id="{key}-caption"')
    table = page.html[start : page.html.index("</table>", start)]
    found = re.findall(r'<td[^>]*><a class="govuk-link" href="([^"]+)">([^<]+)</a>', table)
    return [(text, unescape(href)) for href, text in found]
