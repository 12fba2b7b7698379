"""The article page as a reader gets it, in headless Chromium: no console error or failed
request, no string of another language, the comment form, the like, the view, the
language switcher, inert comment markup, and a complete page without JavaScript."""

import json
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from devstack import ROOT
from devstack.samples import DEMO_ARTICLE
from haber import i18n
from tests.integration.helpers import foreign_strings

LANGUAGES = ("de", "tr", "en")


def api(site: str, path: str, method: str = "GET", body: Any = None, **headers: str) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{site}{path}", data=data, method=method, headers=headers)
    if data:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"{}")


def article_url(site: str, lang: str) -> str:
    return str(api(site, f"/articles/{DEMO_ARTICLE}?lang={lang}")["url"])


def watched(page: Page) -> list[str]:
    """What goes wrong on the page from now on: console errors, script errors (a CSP
    violation is a console error), failed requests, answers of 400 or more."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
    page.on(
        "response",
        lambda response: problems.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    return problems


@contextmanager
def reader(browser: Browser, **options: Any) -> Iterator[tuple[Page, list[str]]]:
    """A new browser profile and page, with everything that went wrong on it."""
    context = browser.new_context(**options)
    page = context.new_page()
    problems = watched(page)
    try:
        yield page, problems
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_loads_cleanly_in_its_language_only(browser: Browser, site: str, lang: str) -> None:
    with reader(browser) as (page, problems):
        page.goto(article_url(site, lang), wait_until="networkidle")
        assert page.get_attribute("html", "lang") == lang
        shown = page.inner_text("body")
        leaked = sorted(text for text in foreign_strings(lang) if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown))
        assert not leaked, leaked
        for waiting in ("comments.loading", "common.loading"):
            assert i18n.text(lang, waiting) not in shown
        assert page.is_visible("[data-comment-form]") and page.is_visible("[data-like]")
        assert not problems, problems


def test_a_comment_posted_through_the_form_gets_the_moderation_message(browser: Browser, site: str) -> None:
    with reader(browser) as (page, problems):
        page.goto(article_url(site, "tr"), wait_until="networkidle")
        page.fill("#comment-author", "Zeynep")
        page.fill("#comment-text", "Çok güzel bir proje, Kalk'ta da olmalı.")
        page.click("[data-comment-form] [type=submit]")
        status = page.locator("[data-form-status]")
        status.filter(has_text=i18n.text("tr", "comments.pending")).wait_for()
        assert page.input_value("#comment-text") == ""
        assert not problems, problems


def test_a_like_updates_the_count_and_can_be_taken_back(browser: Browser, site: str) -> None:
    with reader(browser) as (page, problems):
        page.goto(article_url(site, "de"), wait_until="networkidle")
        page.click("[data-like]")
        page.locator("[data-likes]", has_text=i18n.text("de", "reactions.likes", count=1)).wait_for()
        assert page.get_attribute("[data-like]", "aria-pressed") == "true"
        assert page.inner_text("[data-like-label]") == i18n.text("de", "reactions.liked")
        page.click("[data-like]")
        page.locator("[data-likes]", has_text=i18n.text("de", "reactions.likes", count=0)).wait_for()
        assert not problems, problems


def test_the_view_is_counted_once_per_visitor(browser: Browser, site: str) -> None:
    counted: list[bool] = []
    visitor = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36 v1"
    with reader(browser, user_agent=visitor) as (page, problems):  # a reader no other test was
        page.on("response", lambda r: counted.append(r.json()["counted"]) if r.url.endswith("/views") else None)
        for _ in range(2):
            with page.expect_response(lambda response: response.url.endswith("/views")):
                # Everything loaded before the next visit: leaving earlier would abort the
                # page's own requests (its images, the icon), which is no failure of the page.
                page.goto(article_url(site, "en"), wait_until="networkidle")
        assert counted == [True, False]
        assert not problems, problems


def test_the_language_switcher_lands_on_the_alternate(browser: Browser, site: str) -> None:
    with reader(browser) as (page, problems):
        page.goto(article_url(site, "tr"), wait_until="networkidle")
        page.click('nav.languages a[hreflang="de"]')
        page.wait_for_url(article_url(site, "de"))
        assert page.get_attribute("html", "lang") == "de"
        assert page.get_attribute('nav.languages a[aria-current="true"]', "hreflang") == "de"
        assert not problems, problems


def test_copying_the_link_counts_a_share(browser: Browser, site: str) -> None:
    with reader(browser, permissions=["clipboard-read", "clipboard-write"]) as (page, problems):
        page.goto(article_url(site, "de"), wait_until="networkidle")
        with page.expect_response(lambda response: response.url.endswith("/shares")) as shared:
            page.click("[data-copy]")
        assert shared.value.ok and page.inner_text("[data-copy]") == i18n.text("de", "share.copied")
        assert page.evaluate("navigator.clipboard.readText()") == article_url(site, "de")
        assert not problems, problems


def test_markup_in_a_comment_stays_inert_text(browser: Browser, site: str) -> None:
    hostile = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    posted = api(site, f"/articles/{DEMO_ARTICLE}/comments", "POST", {"author": "Mallory", "text": hostile})
    token = subprocess.run(
        [sys.executable, "-m", "devstack", "token", "moderator"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    api(site, f"/articles/{DEMO_ARTICLE}/comments/{posted['id']}/approve", "POST", Authorization=f"Bearer {token}")
    with reader(browser) as (page, problems):
        page.goto(article_url(site, "de") + "?fresh", wait_until="networkidle")
        assert page.inner_text(f"#comment-{posted['id']} .text") == hostile
        assert page.evaluate("window.pwned") is None
        assert page.locator(f"#comment-{posted['id']} script, #comment-{posted['id']} img").count() == 0
        assert not problems, problems


def test_without_javascript_the_page_still_reads_completely(browser: Browser, site: str) -> None:
    document = api(site, f"/articles/{DEMO_ARTICLE}?lang=de")
    with reader(browser, java_script_enabled=False) as (page, problems):
        page.goto(document["url"], wait_until="networkidle")
        shown = page.inner_text("body")
        assert document["title"] in shown
        first_sentence = re.sub(r"<[^>]+>", "", document["body"]).split(". ")[0]
        assert first_sentence in shown
        count = api(site, f"/articles/{DEMO_ARTICLE}/stats")["comments"]
        assert i18n.text("de", "comments.heading", count=count) in shown
        assert "Endlich! Morgens standen die Lieferwagen" in shown  # a seeded comment
        assert i18n.text("de", "related.heading") in shown
        assert i18n.text("de", "comments.loading") not in shown
        assert not page.is_visible("[data-comment-form]")  # it needs the script; the page says so
        assert i18n.text("de", "site.noscript") in shown
        assert not problems, problems


def post_comment(page: Page, text: str) -> None:
    page.fill("#comment-author", "Zeynep")
    page.fill("#comment-text", text)
    page.click("[data-comment-form] [type=submit]")


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_a_comment_that_cannot_reach_the_server_gets_the_pages_own_message(
    browser: Browser, site: str, lang: str
) -> None:
    with reader(browser) as (page, problems):
        page.goto(article_url(site, lang), wait_until="networkidle")
        page.route("**/comments?*", lambda route: route.abort("internetdisconnected"))
        post_comment(page, "Ein Kommentar, der nie ankommt.")
        status = page.locator("[data-form-status]")
        status.filter(has_text=i18n.text(lang, "comments.network_error")).wait_for()
        assert status.inner_text() == i18n.text(lang, "comments.network_error")  # not "Failed to fetch"
        assert page.input_value("#comment-text")  # the reader's text is kept for another try
        assert problems and all("/comments" in problem or "ERR_" in problem for problem in problems), problems


def test_a_comment_with_too_many_links_is_told_so_in_the_pages_language(browser: Browser, site: str) -> None:
    with reader(browser) as (page, problems):
        page.goto(article_url(site, "tr"), wait_until="networkidle")
        post_comment(page, "https://a.example https://b.example https://c.example https://d.example")
        expected = i18n.text("tr", "comments.invalid.links", count=3)
        page.locator("[data-form-status]").filter(has_text=expected).wait_for()
        assert problems and all("400" in problem for problem in problems), problems  # the API's refusal only


def test_a_comment_published_at_once_says_just_now(browser: Browser, site: str) -> None:
    with reader(browser) as (page, problems):
        page.goto(article_url(site, "de"), wait_until="networkidle")
        page.route(  # the answer of a site that publishes comments at once (ModerationMode=post)
            "**/comments?*", lambda route: route.fulfill(status=201, json={"id": "justposted01", "status": "approved"})
        )
        post_comment(page, "Gleich zu sehen.")
        page.locator("#comment-justposted01 .comment-meta").wait_for()
        assert page.inner_text("#comment-justposted01 .comment-meta") == "Zeynep · " + i18n.text(
            "de", "comments.just_now"
        )
        assert page.inner_text("[data-form-status]") == i18n.text("de", "comments.posted")
        assert not problems, problems


# Every violation of the page's Content-Security-Policy, as the page itself hears of it.
RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_the_page_keeps_to_its_content_security_policy(browser: Browser, site: str) -> None:
    """Its script, stylesheet, images, JSON-LD and data block, the view, comments, replies
    and the like all work under the policy; a violation would be caught by the watcher."""
    with reader(browser) as (page, problems):
        page.add_init_script(RECORD_VIOLATIONS)
        answer = page.goto(article_url(site, "de"), wait_until="networkidle")
        assert answer and answer.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self';")
        assert answer.headers["x-frame-options"] == "DENY" and answer.headers["x-content-type-options"] == "nosniff"
        # JSON-LD is data: the browser neither runs nor refuses it
        assert json.loads(page.text_content('script[type="application/ld+json"]') or "")["@type"] == "NewsArticle"
        assert page.is_visible("[data-like]")  # site.js ran
        page.click("[data-like]")
        page.locator("[data-like][aria-pressed=true]").wait_for()
        post_comment(page, "Unter der Richtlinie geschrieben.")
        page.locator("[data-form-status]").filter(has_text=i18n.text("de", "comments.pending")).wait_for()
        assert page.evaluate("window.violations") == []
        assert not problems, problems
        # An injected style is refused, and told as the console error the watcher keeps.
        page.evaluate("document.head.appendChild(document.createElement('style')).textContent = 'body{}'")
        page.wait_for_function("window.violations.length > 0")
        assert set(page.evaluate("window.violations")) == {"style-src-elem inline"}
        assert any("violates the following Content Security Policy" in problem for problem in problems), problems


def test_another_site_cannot_frame_the_page(browser: Browser, site: str) -> None:
    document = api(site, f"/articles/{DEMO_ARTICLE}?lang=de")
    url = document["url"]
    with reader(browser) as (page, problems):
        page.set_content(f'<iframe src="{url}"></iframe>', wait_until="networkidle")
        framed = page.frames[1]
        assert framed.url != url and document["title"] not in framed.content()  # Chromium's error page instead
        assert any(
            "Content Security Policy" in problem and "frame-ancestors 'none'" in problem for problem in problems
        ), problems
