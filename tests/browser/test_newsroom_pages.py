"""A draft in a real browser: on no reader page, and readable through its preview link."""

import urllib.error

import pytest
from playwright.sync_api import Browser

from devstack.__main__ import local_issuer, local_stack
from tests.browser.test_article_page import api, reader
from tests.conftest import new_article

TITLE = "Entwurf: Die Oper bekommt ein neues Dach"


@pytest.fixture(scope="module")
def draft(site: str) -> dict:
    token = local_issuer(local_stack()).token("editor")
    created = api(site, "/articles", "POST", new_article(status="draft", title=TITLE), Authorization=f"Bearer {token}")
    links = api(site, f"/articles/{created['id']}/preview", "POST", Authorization=f"Bearer {token}")
    return {**created, "links": links["urls"]}


def test_a_draft_is_on_no_reader_page(browser: Browser, site: str, draft: dict) -> None:
    with reader(browser) as (page, _):
        response = page.goto(f"{site}/de/{draft['slug']}")
        assert response is not None and response.status == 404
        for path in ("/de/", "/de/rss.xml", "/sitemap.xml"):
            page.goto(f"{site}{path}")
            assert TITLE not in page.content(), path
    with pytest.raises(urllib.error.HTTPError):
        api(site, f"/articles/{draft['id']}")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_preview_link_shows_the_draft_marked_as_a_preview(
    browser: Browser, site: str, draft: dict, javascript: bool
) -> None:
    with reader(browser, java_script_enabled=javascript) as (page, problems):
        response = page.goto(draft["links"]["de"], wait_until="networkidle")
        assert response is not None and response.status == 200
        assert page.inner_text("h1") == TITLE
        assert page.is_visible(".preview-banner")
        assert "Vorschau (Entwurf)" in page.inner_text(".preview-banner")
        assert page.get_attribute('meta[name="robots"]', "content") == "noindex, nofollow"
        assert response.headers["cache-control"] == "private, no-store"
        assert not page.is_visible("[data-comment-form]")
        assert not problems, problems
        turkish = page.goto(draft["links"]["tr"])
        assert turkish is not None and turkish.status == 200
        assert page.get_attribute("html", "lang") == "tr"
        assert "Önizleme (taslak)" in page.inner_text(".preview-banner")
