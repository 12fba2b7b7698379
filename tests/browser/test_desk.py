"""The desk's journeys in a real browser, signed in at the local OpenID Connect provider as
each role: writing with a lead image, preview, publishing, the languages side by side,
history, corrections, moderation by keyboard, a session that expires, hostile text. Each
journey watches for console errors and failed requests on every screen it passes."""

import io
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from playwright.sync_api import Browser, Page, Request, Route, expect

from devstack.__main__ import local_issuer, local_stack
from devstack.samples import DEMO_ARTICLE
from tests.browser.test_article_page import watched
from tests.fakes import FakeProvider, serving
from tests.live import dev_server


@pytest.fixture(scope="module")
def site(dynamodb_endpoint: str) -> Iterator[str]:
    """`make dev` with machine translation from a local provider that speaks Google's protocol."""
    with (
        serving(FakeProvider()) as translator,
        dev_server(dynamodb_endpoint, TRANSLATION_PROVIDER="google", GOOGLE_TRANSLATE_URL=f"{translator}/m") as url,
    ):
        yield url


def call(site: str, method: str, path: str, body: Any = None, token: str | None = None, **headers: str) -> Any:
    """The API as a script calls it, with a `make token` editor token unless told."""
    bearer = token or local_issuer(local_stack()).token("editor")
    answer = requests.request(
        method, f"{site}{path}", json=body, headers={"Authorization": f"Bearer {bearer}", **headers}, timeout=30
    )
    return answer


def newsroom_view(site: str, article_id: str, lang: str | None = None) -> dict[str, Any]:
    answer = call(site, "GET", f"/newsroom/articles/{article_id}" + (f"?lang={lang}" if lang else ""))
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def media_of(site: str, media_id: str) -> dict[str, Any]:
    answer = call(site, "GET", f"/media/{media_id}")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def etag_of(site: str, article_id: str) -> str:
    return str(call(site, "GET", f"/newsroom/articles/{article_id}").headers["ETag"])


def draft(site: str, **fields: Any) -> dict[str, Any]:
    body = {
        "source_lang": "tr",
        "category": "politics",
        "authors": ["elif-karahan"],
        "title": "Köprüde yeni dönem",
        "summary": "Boğaz'daki köprü yenileniyor.",
        "body": "<p>İlk paragraf.</p><p>İkinci paragraf.</p>",
        "status": "draft",
        **fields,
    }
    answer = call(site, "POST", "/articles", body)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def eventually(check: Callable[[], Any], seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while not (result := check()):
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.3)
    return result


@contextmanager
def desk(browser: Browser, site: str, user: str, locale: str) -> Iterator[tuple[Page, list[str]]]:
    """A new browser profile signed in to the desk as `user`, its language `locale`; with
    everything that went wrong on its pages (console errors, script errors, failed or
    refused requests, CSP violations)."""
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = watched(page)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        page.goto(f"{site}/desk/")
        sign_in_at_provider(page, user)
        page.wait_for_selector("main h1")
        yield page, problems
    finally:
        context.close()


def sign_in_at_provider(page: Page, user: str) -> None:
    page.wait_for_selector("#username")
    assert page.url.startswith("http://127.0.0.1:") and "/interaction/" in page.url
    page.fill("#username", user)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/#/**")


def open_screen(page: Page, route: str) -> None:
    """Goes to a desk screen as its links do, and waits until it is drawn."""
    page.evaluate(
        """(hash) => new Promise((routed) => {
            document.addEventListener('desk:routed', routed, { once: true });
            location.hash = hash;
        })""",
        route,
    )
    page.wait_for_function("!document.querySelector('[aria-busy=\"true\"]')")


def bearer_of(page: Page, action: Callable[[], object], path: str = "/") -> tuple[str, str]:
    """The access token the desk sends with the API request to `path` that `action` makes, and its URL."""
    with page.expect_request(lambda request: "authorization" in request.headers and path in request.url) as sent:
        action()
    return sent.value.headers["authorization"].removeprefix("Bearer "), sent.value.url


def photo(tmp_path: Path) -> Path:
    path = tmp_path / "kopru.jpg"
    image = Image.new("RGB", (1200, 800), (30, 90, 160))
    image.paste((240, 200, 40), (700, 100, 1000, 400))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    path.write_bytes(out.getvalue())
    return path


def test_a_reporter_writes_a_turkish_draft_with_a_lead_image_and_cannot_publish(
    browser: Browser, site: str, tmp_path: Path
) -> None:
    with desk(browser, site, "reporter", "tr-TR") as (page, problems):
        assert page.get_attribute("html", "lang") == "tr"
        assert page.inner_text("[data-testid=user-name]") == "Rana Reporter"
        page.goto(f"{site}/desk/#/media")
        page.set_input_files("#upload-file", str(photo(tmp_path)))
        described = page.locator("[data-testid=uploads] a[data-action=describe]")
        described.wait_for(timeout=30_000)
        media_id = (described.get_attribute("href") or "").rsplit("/", 1)[1]
        # Its texts in Turkish, its credit, and the focal point picked on the image itself.
        described.click()
        image = page.locator("[data-testid=focal-picker] img")
        image.wait_for()
        box = image.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.25)
        expect(page.locator("#focal-x")).to_have_value("0.8")
        page.fill("#alt-tr", "Köprüde bisiklet süren iki kişi")
        page.fill("#caption-tr", "Galata Köprüsü, sabah")
        page.fill("#credit", "Haber / Rana Reporter")
        page.fill("#licence", "CC BY 4.0")
        page.click("[data-action=save-media]")
        saved_image = eventually(lambda: media_of(site, media_id) if media_of(site, media_id).get("credit") else None)
        assert saved_image["texts"]["tr"]["alt"] == "Köprüde bisiklet süren iki kişi"
        assert saved_image["texts"]["tr"]["caption"] == "Galata Köprüsü, sabah"
        assert (saved_image["licence"], round(saved_image["focal"]["x"], 2)) == ("CC BY 4.0", 0.8)
        assert abs(saved_image["focal"]["y"] - 0.25) <= 0.02

        page.goto(f"{site}/desk/#/articles/new")
        page.wait_for_selector("#title")
        assert page.input_value("#source_lang") == "tr"  # the desk's language, unless the reporter picks another
        page.fill("#title", "Galata Köprüsü'nde bisiklet yolu")
        page.fill("#summary", "Köprüye iki yönlü bir bisiklet yolu geliyor.")
        page.click("#body .ProseMirror")
        page.keyboard.type("Belediye, köprünün iki yanına bisiklet yolu yapacak.")
        page.select_option("#category", "politics")
        page.check("input[name=authors][value=elif-karahan]")
        page.click("[data-action=choose-image]")
        page.click(f"[data-testid=media-picker] [data-media='{media_id}']")
        expect(page.locator("#image")).to_have_value(media_id)
        expect(page.locator(".lead-preview img")).to_be_visible()
        page.click("[data-action=create]")
        page.wait_for_selector("[data-action=save]")
        article_id = page.url.rsplit("/", 1)[1]

        assert not page.is_visible("[data-action=publish]") and not page.is_visible("[data-action=schedule]")
        token, listed = bearer_of(page, lambda: page.goto(f"{site}/desk/#/articles"), "/newsroom/articles?")
        assert "/newsroom/articles?" in listed and "limit=50" in listed  # the list's 50 articles in one request
        saved = newsroom_view(site, article_id)
        assert (saved["status"], saved["source_lang"], saved["title"]) == (
            "draft",
            "tr",
            "Galata Köprüsü'nde bisiklet yolu",
        )
        assert (saved["image"]["id"] if isinstance(saved["image"], dict) else saved["image"]) == media_id
        assert "bisiklet yolu yapacak" in saved["body"]
        # The API, not only the desk, refuses to let a reporter publish.
        refused = call(
            site,
            "PUT",
            f"/articles/{article_id}",
            {"status": "published"},
            token,
            **{"If-Match": etag_of(site, article_id)},
        )
        assert refused.status_code == 403, refused.text
        assert newsroom_view(site, article_id)["status"] == "draft"
        assert not problems, problems


@pytest.fixture(scope="module")
def turkish_draft(site: str) -> dict[str, Any]:
    return draft(site, title="Karaköy'de yeni iskele", body="<p>İskele yazın açılıyor.</p>")


def test_an_editor_previews_publishes_reviews_each_language_restores_and_corrects(
    browser: Browser, site: str, turkish_draft: dict[str, Any]
) -> None:
    article_id = turkish_draft["id"]
    with desk(browser, site, "editor", "de-DE") as (page, problems):
        page.goto(f"{site}/desk/#/articles/{article_id}")
        page.click("[data-action=preview]")
        link = page.locator("[data-testid=preview-links] a[data-lang=de]")
        preview = page.context.new_page()
        shown = preview.goto(link.get_attribute("href") or "")
        assert shown is not None and shown.status == 200
        assert "Vorschau (Entwurf)" in preview.inner_text(".preview-banner")
        preview.close()

        page.click("[data-action=publish]")
        page.wait_for_selector("[data-action=unpublish]")
        assert newsroom_view(site, article_id)["status"] == "published"

        # The machine translations arrive from the stream; the desk shows them side by side.
        eventually(lambda: newsroom_view(site, article_id).get("review", {}).get("en") == "machine")
        eventually(lambda: newsroom_view(site, article_id).get("review", {}).get("de") == "machine")
        page.goto(f"{site}/desk/#/articles/{article_id}/languages/en")
        page.wait_for_selector("[data-testid=segments]")
        assert "[en] Karaköy'de yeni iskele" in page.inner_text("[data-testid=segments]")
        page.click("[data-action=approve]")
        eventually(lambda: newsroom_view(site, article_id)["review"]["en"] == "reviewed")

        page.click("a[data-lang=de]")
        page.click("[data-action=edit-translation]")
        page.fill("#translation-title", "Neuer Anleger in Karaköy")
        page.click("[data-action=save-translation]")
        eventually(lambda: newsroom_view(site, article_id)["review"]["de"] == "human")
        assert newsroom_view(site, article_id, "de")["title"] == "Neuer Anleger in Karaköy"
        page.wait_for_selector("[data-testid=review-state]")

        # The source's title changes, and the history brings the first one back.
        page.goto(f"{site}/desk/#/articles/{article_id}")
        page.fill("#title", "Karaköy'de iskele ertelendi")
        page.click("[data-action=save]")
        eventually(lambda: newsroom_view(site, article_id)["title"] == "Karaköy'de iskele ertelendi")
        # The German written by hand is now behind its source: the desk shows what changed.
        page.goto(f"{site}/desk/#/articles/{article_id}/languages/de")
        changes = page.locator("[data-testid=source-changes]")
        expect(changes.locator("ins").first).to_contain_text("ertelendi")
        expect(changes.locator("del").first).to_contain_text("yeni")
        page.goto(f"{site}/desk/#/articles/{article_id}/history")
        page.click("tr[data-revision='1'] [data-action=restore]")
        eventually(lambda: newsroom_view(site, article_id)["title"] == "Karaköy'de yeni iskele")

        page.goto(f"{site}/desk/#/articles/{article_id}")
        page.fill("#correction", "Düzeltme: iskele yazın değil, sonbaharda açılıyor.")
        page.click("[data-action=add-correction]")
        page.wait_for_selector(".corrections li")
        corrections = newsroom_view(site, article_id)["corrections"]
        assert [c["text"] for c in corrections] == ["Düzeltme: iskele yazın değil, sonbaharda açılıyor."]
        assert not problems, problems


def test_a_translator_approves_a_language_and_cannot_publish(browser: Browser, site: str) -> None:
    article = draft(site, title="Çevirmen testi", body="<p>Bir paragraf.</p>")
    published = call(
        site, "PUT", f"/articles/{article['id']}", {"status": "published"}, **{"If-Match": etag_of(site, article["id"])}
    )
    assert published.status_code == 200, published.text
    eventually(lambda: newsroom_view(site, article["id"]).get("review", {}).get("de") == "machine")
    with desk(browser, site, "translator", "tr-TR") as (page, problems):
        # The list, filtered by review state: the article's machine German waits there.
        _, listed = bearer_of(page, lambda: page.goto(f"{site}/desk/#/articles?state=machine"), "/newsroom/articles?")
        assert "review=machine" in listed
        expect(page.locator(f"[data-testid=articles] a[href='#/articles/{article['id']}']").first).to_be_visible()
        page.goto(f"{site}/desk/#/articles/{article['id']}/languages/de")
        page.wait_for_selector("[data-action=approve]")
        token, _ = bearer_of(page, lambda: page.click("[data-action=approve]"))
        eventually(lambda: newsroom_view(site, article["id"])["review"]["de"] == "reviewed")
        page.goto(f"{site}/desk/#/articles/{article['id']}")
        page.wait_for_selector("[data-action=preview]")
        assert not page.is_visible("[data-action=publish]") and not page.is_visible("[data-action=unpublish]")
        assert page.is_disabled("#title")
        refused = call(site, "DELETE", f"/articles/{article['id']}", token=token)
        assert refused.status_code == 403, refused.text
        assert not problems, problems


def test_a_conflicting_save_shows_both_versions_and_overwrites_nothing(browser: Browser, site: str) -> None:
    article = draft(site, summary="İlk özet.")
    with desk(browser, site, "editor", "tr-TR") as (page, problems):
        page.goto(f"{site}/desk/#/articles/{article['id']}")
        page.wait_for_selector("[data-action=save]")
        # Someone else saves the draft while it is open here.
        theirs = call(
            site,
            "PUT",
            f"/articles/{article['id']}",
            {"summary": "Başkasının özeti."},
            **{"If-Match": etag_of(site, article["id"])},
        )
        assert theirs.status_code == 200, theirs.text
        with page.expect_response(lambda answer: answer.status == 412) as refused:
            page.fill("#summary", "Benim özetim.")
            page.click("[data-action=save]")
        conflict = page.locator("[data-testid=conflict] tr[data-field=summary]")
        expect(conflict).to_contain_text("Benim özetim.")
        expect(conflict).to_contain_text("Başkasının özeti.")
        assert newsroom_view(site, article["id"])["summary"] == "Başkasının özeti."  # nothing overwritten
        page.click("[data-action=keep-mine]")
        eventually(lambda: newsroom_view(site, article["id"])["summary"] == "Benim özetim.")
        expect(page.locator("[data-testid=conflict]")).to_have_count(0)
        url = refused.value.url
        expected = {
            f"412 {url}",
            "console: Failed to load resource: the server responded with a status of 412 (PRECONDITION FAILED)",
        }
        assert set(problems) <= expected, problems


def comment(site: str, text: str, lang: str = "de") -> str:
    answer = requests.post(
        f"{site}/articles/{DEMO_ARTICLE}/comments",
        json={"author": "Leser", "text": text, "lang": lang},
        headers={"User-Agent": "Mozilla/5.0"},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def status_of(site: str, comment_id: str) -> str | None:
    for status in ("pending", "approved", "rejected"):
        items = call(site, "GET", f"/comments?status={status}&limit=50", token=moderator_token()).json()["items"]
        if any(item["id"] == comment_id for item in items):
            return status
    return None


def moderator_token() -> str:
    return local_issuer(local_stack()).token("moderator")


def test_a_moderator_approves_and_rejects_comments_with_the_keyboard(browser: Browser, site: str) -> None:
    first, second = (comment(site, f"Kommentar {n} {uuid.uuid4().hex[:6]}") for n in range(2))
    turkish = f"Yorum {uuid.uuid4().hex[:6]}"
    third = comment(site, turkish, "tr")
    with desk(browser, site, "moderator", "de-DE") as (page, problems):
        assert "#/moderation" in page.url  # a moderator's desk opens on the queue
        page.wait_for_selector(f"li.comment[data-id='{third}']")
        ids = page.eval_on_selector_all("li.comment", "items => items.map(item => item.dataset.id)")
        assert ids.index(first) < ids.index(second) < ids.index(third)  # oldest first
        page.focus(f"li.comment[data-id='{first}']")
        page.keyboard.press("a")
        page.wait_for_selector(f"li.comment[data-id='{first}']", state="detached")
        page.focus(f"li.comment[data-id='{third}']")
        page.keyboard.press("k")
        assert page.evaluate("document.activeElement.dataset.id") == second
        page.keyboard.press("x")
        assert page.is_checked(f"li.comment[data-id='{second}'] input[name=selected]")
        page.keyboard.press("r")
        page.wait_for_selector(f"li.comment[data-id='{second}']", state="detached")
        assert (status_of(site, first), status_of(site, second), status_of(site, third)) == (
            "approved",
            "rejected",
            "pending",
        )
        # The Turkish comment, machine-translated into the desk's German on request.
        page.click("[data-action=translate-comments]")
        translated = page.locator(f"li.comment[data-id='{third}'] [data-testid=comment-translation]")
        expect(translated).to_contain_text(f"Maschinelle Übersetzung (Deutsch): [de] {turkish}")
        expect(translated.locator("span[lang=de]")).to_have_text(f"[de] {turkish}")
        assert not problems, problems


def test_an_expired_session_signs_in_again_and_keeps_the_unsaved_text(browser: Browser, site: str) -> None:
    article = draft(site, title="Oturum testi")
    expired = local_issuer(local_stack()).token("editor", lifetime=-60)
    with desk(browser, site, "editor", "tr-TR") as (page, problems):
        page.goto(f"{site}/desk/#/articles/{article['id']}")
        page.wait_for_selector("[data-action=save]")

        # The token runs out while the title is being typed: the API's own gateway refuses it.
        def with_the_expired_token(route: Route, request: Request) -> None:
            route.continue_(headers={**request.headers, "authorization": f"Bearer {expired}"})

        page.route(f"**/articles/{article['id']}", with_the_expired_token, times=1)
        with page.expect_response(lambda answer: answer.status == 401) as refused:
            page.fill("#title", "Oturum testi, süre dolduktan sonra")
            page.click("[data-action=save]")
        assert refused.value.request.method == "PUT"
        page.wait_for_url("**/desk/#/articles/**", timeout=30_000)
        eventually(lambda: newsroom_view(site, article["id"])["title"] == "Oturum testi, süre dolduktan sonra")
        assert page.input_value("#title") == "Oturum testi, süre dolduktan sonra"
        assert set(page.evaluate("Object.keys(localStorage)")) <= {"desk.lang"}  # never a token
        assert page.evaluate("sessionStorage.getItem('desk.unsaved')") is None
        # The one refused request, and the desk leaving it unread for the provider's page.
        url = refused.value.url
        expected = {
            f"401 {url}",
            "console: Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED)",
            f"failed: {url} net::ERR_ABORTED",
        }
        assert set(problems) <= expected and f"401 {url}" in problems, problems


HOSTILE = "<script>window.pwned = 1</script><img src=x onerror=window.pwned=2>"


def test_a_script_in_any_field_stays_text_everywhere_in_the_desk(browser: Browser, site: str) -> None:
    article = draft(site, source_lang="de", title=f"Titel {HOSTILE}", summary=f"Kurz {HOSTILE}")
    hostile_comment = comment(site, f"Kommentar {HOSTILE}")
    with desk(browser, site, "all", "de-DE") as (page, problems):
        screens = {
            "#/articles?q=Titel": "[data-testid=articles]",
            f"#/articles/{article['id']}": "#title",
            f"#/articles/{article['id']}/languages/en": "[data-testid=segments]",
            f"#/articles/{article['id']}/history": "[data-testid=revisions]",
            "#/moderation": f"li.comment[data-id='{hostile_comment}']",
        }
        for route, ready in screens.items():
            page.goto(f"{site}/desk/{route}")
            page.wait_for_selector(ready)
            assert page.evaluate("window.pwned") is None, route
            assert page.locator("main script, main img[src=x]").count() == 0, route
        assert HOSTILE in page.inner_text("[data-testid=queue]")
        page.goto(f"{site}/desk/#/articles/{article['id']}")
        page.wait_for_selector("#title")
        assert page.input_value("#title") == f"Titel {HOSTILE}"
        assert HOSTILE in page.inner_text("main h1")
        assert not problems, problems
