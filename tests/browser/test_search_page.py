"""The search page in headless Chromium, in each language: typed into the header's form,
with and without JavaScript: results with the matched words marked, the next page by a
"no results" in the reader's language, and nothing broken on the way."""

import pytest
from playwright.sync_api import Browser, Dialog

from haber import i18n
from tests.browser.test_article_page import LANGUAGES, reader

QUERIES = {"de": "Lastenrad", "tr": "koln", "en": "cologne"}
PATHS = {"de": "/de/suche", "tr": "/tr/arama", "en": "/en/search"}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_reader_searches_from_the_header(browser: Browser, site: str, lang: str, javascript: bool) -> None:
    with reader(browser, java_script_enabled=javascript) as (page, problems):
        page.goto(f"{site}/{lang}/", wait_until="networkidle")
        form = page.locator("header form[role=search]")
        form.get_by_label(i18n.text(lang, "search.field")).fill(QUERIES[lang])
        form.get_by_role("button", name=i18n.text(lang, "search.submit")).click()
        page.wait_for_load_state("networkidle")
        assert page.url.startswith(f"{site}{PATHS[lang]}?q=")
        assert page.get_attribute("html", "lang") == lang
        assert page.get_attribute("meta[name=robots]", "content") == "noindex"
        results = page.locator("ol.results > li")
        assert results.count() >= 1
        marked = page.locator("ol.results mark").all_inner_texts()
        folded = [word.replace("ö", "o").lower() for word in marked]
        assert marked and all(word.startswith(QUERIES[lang][:3].lower()) for word in folded), marked
        count = page.locator("p.count").inner_text()
        assert i18n.text(lang, "search.results", count=results.count(), query=QUERIES[lang]) == count
        page.locator("ol.results h2 a").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").count() == 1 and f"/{lang}/" in page.url
        assert not problems, problems


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_results_in_the_readers_language(browser: Browser, site: str, lang: str, javascript: bool) -> None:
    with reader(browser, java_script_enabled=javascript) as (page, problems):
        page.goto(f"{site}{PATHS[lang]}?q=Qwxzyv", wait_until="networkidle")
        assert page.locator("[role=status]").inner_text() == i18n.text(lang, "search.no_results", query="Qwxzyv")
        assert page.locator("ol.results").count() == 0
        assert not problems, problems


def test_markup_typed_into_the_form_stays_text(browser: Browser, site: str) -> None:
    with reader(browser) as (page, problems):
        dialogs: list[Dialog] = []

        def opened(dialog: Dialog) -> None:
            dialogs.append(dialog)

        page.on("dialog", opened)
        page.goto(f"{site}/de/suche", wait_until="networkidle")
        page.locator("main form[role=search] input[name=q]").fill('"><script>alert(1)</script><mark>Köln')
        page.locator("main form[role=search] button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert not dialogs
        assert page.locator("main script").count() == 0
        assert page.locator("main input[name=q]").input_value() == '"><script>alert(1)</script><mark>Köln'
        assert not problems, problems
