"""The newsroom's work in a real browser: a draft on no reader page and readable through its
preview link; a correction on the page and in its JSON-LD in every language."""

import json
import urllib.error

import pytest
from playwright.sync_api import Browser

from devstack.__main__ import local_issuer, local_stack
from devstack.samples import DEMO_ARTICLE
from tests.browser.test_article_page import api, article_url, reader
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


CORRECTION = "In einer früheren Fassung stand, die Flotte habe zwölf Räder; es sind zehn."


@pytest.fixture(scope="module")
def corrected(site: str) -> dict:
    token = local_issuer(local_stack()).token("editor")
    body = {"lang": "de", "text": CORRECTION}
    return dict(api(site, f"/articles/{DEMO_ARTICLE}/corrections", "POST", body, Authorization=f"Bearer {token}"))


@pytest.mark.parametrize("lang", ["de", "tr", "en"])
def test_a_correction_is_on_the_page_and_in_its_json_ld(
    browser: Browser, site: str, corrected: dict, lang: str
) -> None:
    at = corrected["corrections"][0]["at"]
    with reader(browser) as (page, problems):
        response = page.goto(article_url(site, lang), wait_until="networkidle")
        assert response is not None and response.status == 200
        notice = page.locator(".corrections")
        assert notice.is_visible() and CORRECTION in notice.inner_text()
        assert notice.locator("time").get_attribute("datetime") == at
        if lang != "de":  # the German text, marked as German, until a translation arrives
            assert notice.locator('span[lang="de"]').inner_text() == CORRECTION
        data = json.loads(page.locator('script[type="application/ld+json"]').first.inner_text())
        news = next(item for item in (data if isinstance(data, list) else [data]) if item["@type"] == "NewsArticle")
        assert news["correction"] == [
            {"@type": "CorrectionComment", "text": CORRECTION, "datePublished": at, "inLanguage": "de"}
        ]
        assert news["dateModified"] == at
        assert not problems, problems
