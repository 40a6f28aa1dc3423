"""local_path: the one check for "send me back to this page" values (shortlist, sign-in, inbox, feedback)."""

import pytest

from directory.site_address import local_path


@pytest.mark.parametrize("target", ["/", "/search?q=lab&region=london", "/listings/lab-course#top", "/%5cevil.example"])
def test_plain_paths_on_this_site_are_kept(target):
    assert local_path(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "//evil.example",
        "/\t/evil.example",
        "/\r\n/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil.example",
        "/\x00",
        "/\x7f",
        "http:/evil.example",
    ],
)
def test_anything_that_could_leave_the_site_is_refused(target):
    assert local_path(target) is None


def test_long_paths_are_refused():
    assert local_path("/" + "a" * 2000) is None and local_path("/" + "a" * 499, max_length=500) == "/" + "a" * 499
    assert local_path("/" + "a" * 500, max_length=500) is None
