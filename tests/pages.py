"""A test client wrapper that checks what every HTML page must satisfy, and a small parsed view of the page."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser


class _PageParser(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.title = ""
        self.h1s: list[str] = []
        self.text_parts: list[str] = []
        self.html_lang = None
        self._stack: list[str] = []
        self._link: list | None = None
        self._h1: list | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and "href" in attrs:
            self._link = [attrs["href"], ""]
        if tag == "h1":
            self._h1 = [""]
        if tag not in self.VOID:
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None
        if tag == "h1" and self._h1 is not None:
            self.h1s.append(" ".join(self._h1[0].split()))
            self._h1 = None
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data):
        if self._skip:
            return
        if self._stack and self._stack[-1] == "title":
            self.title += data
            return
        self.text_parts.append(data)
        if self._link is not None:
            self._link[1] += data
        if self._h1 is not None:
            self._h1[0] += data


class Page:
    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        parser = _PageParser()
        parser.feed(self.html)
        self.ids = parser.ids
        self.links = parser.links
        self.title = " ".join(parser.title.split())
        self.h1s = parser.h1s
        self.h1 = parser.h1s[0] if parser.h1s else ""
        self.text = " ".join(" ".join(parser.text_parts).split())
        self.html_lang = parser.html_lang

    def hrefs(self) -> list[str]:
        return [href for href, _ in self.links]

    def link_to(self, text: str) -> str:
        """The href of the first link whose text contains `text`."""
        for href, link_text in self.links:
            if text in link_text:
                return href
        raise AssertionError(f"no link containing {text!r}; links: {[t for _, t in self.links]}")

    def __contains__(self, text: str) -> bool:
        return text in self.text


def check_page(page: Page) -> None:
    """What every HTML page must satisfy: a title, one h1, English, no duplicate ids, a skip link."""
    assert page.html_lang == "en", "the <html> element must say lang=en"
    assert page.title and "Life Sciences Skills Directory" in page.title, f"bad title {page.title!r}"
    assert len(page.h1s) == 1, f"expected one h1, found {page.h1s}"
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert 'href="#main-content"' in page.html, "missing skip link"
    assert not re.search(r"\bNone\b|\bUndefined\b", page.text), "page shows a Python None or Undefined"


class PageClient:
    def __init__(self, client):
        self.client = client

    def get(self, url: str, status: int = 200, **kwargs) -> Page:
        response = self.client.get(url, **kwargs)
        page = Page(response)
        assert response.status_code == status, f"GET {url}: {response.status_code}, expected {status}"
        if response.mimetype == "text/html":
            check_page(page)
        return page

    def post(self, url: str, data: dict | None = None, status: int | None = None, **kwargs) -> Page:
        response = self.client.post(url, data=data or {}, **kwargs)
        page = Page(response)
        if status is not None:
            assert response.status_code == status, f"POST {url}: {response.status_code}, expected {status}"
        if response.mimetype == "text/html" and response.status_code < 300:
            check_page(page)
        return page
