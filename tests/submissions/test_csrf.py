"""With CSRF protection on (as in production), every form on these pages carries a token; a POST without one is
refused."""

import re

import pytest

from tests.conftest import make_test_config


@pytest.fixture
def app_config(tmp_path):
    return make_test_config(tmp_path, f"sqlite:///{tmp_path / 'test.sqlite3'}", WTF_CSRF_ENABLED=True)


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def test_posts_without_a_token_are_refused_and_with_one_accepted(client, make, provider, answers):
    listing = make.listing(organisation=provider.organisation)
    for path in (
        "/dashboard/listings/new",
        f"/dashboard/listings/{listing.id}/confirm",
        f"/dashboard/listings/{listing.id}/archive",
        "/dashboard/organisation",
        "/dashboard/upload",
    ):
        assert client.post(path, data=answers).status_code == 400, path
    assert listing.status == "published" and listing.last_verified_at is None

    form_page = client.get("/dashboard/listings/new").get_data(as_text=True)
    response = client.post("/dashboard/listings/new", data=dict(answers, csrf_token=_token(form_page)))
    assert response.status_code == 302

    dashboard = client.get("/dashboard").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", dashboard, flags=re.S)
    assert forms and all('name="csrf_token"' in form for form in forms)
    client.post(f"/dashboard/listings/{listing.id}/confirm", data={"csrf_token": _token(dashboard)})
    assert listing.last_verified_at is not None
