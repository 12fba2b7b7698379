"""Machine translation through the stream, against a local fake provider."""

from collections.abc import Callable
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parameters.constants import DEFAULT_PROVIDERS

from devstack.dynamodb import CREDENTIALS
from devstack.streams import StreamPoller
from haber import translation
from haber.translation import providers, stream
from tests.conftest import Api, new_article
from tests.fakes import FakeProvider

PARAGRAPHS = [
    f'<p>Absatz {n}: Die <strong>KI</strong> von OpenAI ist <a href="https://example.org/{n}">hier</a>.</p>'
    for n in range(10)
]


@pytest.fixture
def google(fake: tuple[FakeProvider, str], with_google: Callable[..., Api]) -> tuple[Api, FakeProvider, StreamPoller]:
    api = with_google()
    with api.environment("TranslationFunction"):
        translation.save_glossary(["OpenAI"], {"de>en": {"KI": "AI"}, "de>tr": {"KI": "yapay zekâ"}})
    return api, fake[0], StreamPoller(api.runtime)


def publish(api: Api, **changes: Any) -> dict:
    response = api.request("POST", "/articles", new_article(**changes), role="editor")
    assert response.status_code == 201, response.json
    return response.json


def test_a_hostile_provider_answer_is_sanitized_before_it_is_stored(
    google: tuple[Api, FakeProvider, StreamPoller],
) -> None:
    api, provider, poller = google
    poller.drain()  # the seeded articles
    provider.hostile = '<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">x</a>'
    article = publish(api, body="".join(PARAGRAPHS[:2]))
    poller.drain()
    served = api.get(f"/articles/{article['id']}?lang=en").json
    assert served["translation"]["origin"] == "machine"
    body = served["body"].lower()
    assert "[en]" in body and ">x</a>" in body  # the answer was stored, without what makes it dangerous
    assert "<img" not in body  # no image but the media library's figures
    assert "onerror" not in body and "<script" not in body and "javascript:" not in body


def test_an_article_is_readable_in_every_language_after_the_stream(
    google: tuple[Api, FakeProvider, StreamPoller],
) -> None:
    api, _, poller = google
    article = publish(api, body="".join(PARAGRAPHS[:3]))
    assert api.get(f"/articles/{article['id']}?lang=tr").json["lang"] == "de"  # pending: the source, flagged
    poller.drain()
    for lang in ("tr", "en"):
        served = api.get(f"/articles/{article['id']}?lang={lang}").json
        assert (served["lang"], served["translation"]) == (
            lang,
            {"origin": "machine", "stale": False, "provider": "google"},
        )
        assert served["title"] == f"[{lang}] {article['title']}"
        assert served["slug"].startswith(f"{lang}-")
        assert [alternate["lang"] for alternate in served["alternates"]] == ["de", "tr", "en"]
    listing = api.get("/articles?lang=en&limit=1").json["items"][0]
    assert (listing["lang"], listing["translation"]["origin"]) == ("en", "machine")


def test_markup_and_protected_terms_survive(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, provider, poller = google
    article = publish(api, body=PARAGRAPHS[0])
    poller.drain()
    english = api.get(f"/articles/{article['id']}?lang=en").json["body"]
    link = '<a href="https://example.org/0" rel="noopener noreferrer">hier</a>'
    assert english == f"<p>[en] Absatz 0: Die <strong>AI</strong> von OpenAI ist {link}.</p>"
    assert "yapay zekâ" in api.get(f"/articles/{article['id']}?lang=tr").json["body"]
    sent = " ".join(request["text"] for request in provider.requests)
    assert "OpenAI" not in sent and "<strong>" not in sent and "KI" not in sent


def test_a_one_paragraph_edit_sends_only_that_paragraph(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, provider, poller = google
    article = publish(api, body="".join(PARAGRAPHS))
    poller.drain()
    first = provider.characters()
    provider.requests.clear()
    edited = [*PARAGRAPHS[:4], "<p>Ein neuer Absatz über den Rhein.</p>", *PARAGRAPHS[5:]]
    api.request("PUT", f"/articles/{article['id']}", {"body": "".join(edited)}, role="editor", If_Match="1")
    poller.drain()
    assert sorted(request["text"] for request in provider.requests) == ["Ein neuer Absatz über den Rhein."] * 2
    assert provider.characters() <= 1.2 * 2 * len("Ein neuer Absatz über den Rhein.")
    assert first > 10 * provider.characters()
    assert "[en] Ein neuer Absatz" in api.get(f"/articles/{article['id']}?lang=en").json["body"]


def test_a_metadata_edit_calls_no_provider(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, provider, poller = google
    article = publish(api)
    poller.drain()
    provider.requests.clear()
    api.request("PUT", f"/articles/{article['id']}", {"tags": ["rhine"]}, role="editor", If_Match="1")
    poller.drain()
    assert provider.requests == []


def test_humans_win_and_go_stale(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, _, poller = google
    human = {"title": "New bridge over the Rhine", "summary": "It links Deutz.", "body": "<p>Done.</p>"}
    article = publish(api, translations={"en": human})
    poller.drain()
    english = api.get(f"/articles/{article['id']}?lang=en").json
    assert (english["title"], english["translation"]) == (human["title"], {"origin": "human", "stale": False})
    api.request("PUT", f"/articles/{article['id']}", {"summary": "Neu."}, role="editor", If_Match="1")
    poller.drain()
    english = api.get(f"/articles/{article['id']}?lang=en").json
    assert (english["title"], english["translation"]) == (human["title"], {"origin": "human", "stale": True})
    refresh = api.request("POST", f"/articles/{article['id']}/translations/en/refresh", role="editor")
    assert refresh.status_code == 202
    poller.drain()
    english = api.get(f"/articles/{article['id']}?lang=en").json
    assert english["translation"]["origin"] == "machine"
    assert english["slug"] == "new-bridge-over-the-rhine"  # a published slug stays
    saved = api.request(
        "PUT", f"/articles/{article['id']}/translations/tr", human | {"title": "Yeni köprü"}, role="editor"
    )
    assert (saved.status_code, saved.json["translation"]) == (200, {"origin": "human", "stale": False})


def test_provider_failures_are_retried_with_backoff(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, provider, poller = google
    provider.fail_with = [429, 503]
    article = publish(api)
    poller.drain()
    assert api.get(f"/articles/{article['id']}?lang=en").json["translation"]["origin"] == "machine"


def test_a_provider_that_keeps_failing_leaves_the_source_and_reaches_the_dead_letters(
    google: tuple[Api, FakeProvider, StreamPoller],
) -> None:
    api, provider, poller = google
    provider.fail_with = [500] * 1000
    article = publish(api)
    poller.drain()
    assert api.get(f"/articles/{article['id']}?lang=en").json["lang"] == "de"
    assert any(r["dynamodb"]["Keys"]["pk"]["S"] == f"ARTICLE#{article['id']}" for r in poller.dead_letters)


def test_timeouts(google: tuple[Api, FakeProvider, StreamPoller], monkeypatch: pytest.MonkeyPatch) -> None:
    api, provider, _ = google
    worker = api.runtime.stack.functions["TranslationWorkerFunction"]
    monkeypatch.setitem(worker.environment, "TRANSLATION_TIMEOUT_SECONDS", "0.2")
    provider.delay = 0.5
    with api.environment("TranslationWorkerFunction"), pytest.raises(providers.ProviderUnavailable):
        providers.translate(["Hallo"], "de", "en")


def test_mangled_tokens_fall_back_to_translating_text_pieces(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, provider, poller = google
    provider.mangle_tokens = True
    article = publish(api, body=PARAGRAPHS[1])
    poller.drain()
    english = api.get(f"/articles/{article['id']}?lang=en").json["body"]
    assert '<a href="https://example.org/1" rel="noopener noreferrer">' in english and "OpenAI" in english


def test_long_segments_are_split_for_the_provider(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, provider, poller = google
    long_paragraph = "<p>" + " ".join(f"Satz Nummer {n} ist kurz." for n in range(400)) + "</p>"
    publish(api, body=long_paragraph)
    poller.drain()
    assert max(len(request["text"]) for request in provider.requests) <= 4999
    assert any(len(request["text"]) > 4000 for request in provider.requests)


def test_the_budget_pauses_machine_translation(fake: tuple[FakeProvider, str], with_google: Callable[..., Api]) -> None:
    provider = fake[0]
    api = with_google(TranslationMonthlyCharacters="50")
    poller = StreamPoller(api.runtime)
    article = publish(api)
    poller.drain()
    assert provider.requests == []
    assert api.get(f"/articles/{article['id']}?lang=en").json["lang"] == "de"
    assert not poller.dead_letters  # paused, not failed


def test_libre_is_a_fallback(make_api: Any, fake: tuple[FakeProvider, str], monkeypatch: pytest.MonkeyPatch) -> None:
    provider, url = fake
    monkeypatch.setenv("GOOGLE_TRANSLATE_URL", "http://127.0.0.1:9/m")  # nothing listens there
    monkeypatch.setattr(providers, "BACKOFF_SECONDS", 0.01)
    api = make_api(TranslationProvider="google,libre", LibreTranslateUrl=url)
    poller = StreamPoller(api.runtime)
    article = publish(api)
    poller.drain()
    served = api.get(f"/articles/{article['id']}?lang=en").json
    assert served["translation"]["provider"] == "libre"
    assert {request["provider"] for request in provider.requests} == {"libre"}


def test_no_provider_no_calls(api: Api, fake: tuple[FakeProvider, str]) -> None:
    provider, _ = fake
    article = publish(api)
    poller = StreamPoller(api.runtime)
    poller.drain()
    assert (provider.requests, poller.dead_letters) == ([], [])
    assert api.get(f"/articles/{article['id']}?lang=en").json["lang"] == "de"


def test_changing_the_glossary_bumps_its_version(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, _, _ = google
    before = api.request("GET", "/glossary", role="editor").json["version"]
    saved = api.request(
        "PUT", "/glossary", {"protected": ["OpenAI", "Moonshot AI"], "terms": {"de>en": {"KI": "AI"}}}, role="editor"
    )
    assert saved.json["version"] == before + 1
    assert api.request("PUT", "/glossary", {"terms": {"de>xx": {}}}, role="editor").status_code == 400
    assert api.request("PUT", "/glossary", {"protected": ["x"]}, role="reader").status_code == 403


def test_comments_in_the_readers_language(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, provider, _ = google
    path = "/articles/demokeupkargo2ks/comments?translate_to=tr"
    thread = api.get(path).json
    mehmet, tom = thread["items"]
    assert mehmet["translation"] == {"lang": "tr", "text": f"[tr] {mehmet['text']}", "origin": "machine"}
    assert tom["translation"]["lang"] == "tr" and tom["text"] in tom["translation"]["text"]
    assert len(provider.requests) == 2  # one request per source language (de, en)
    provider.requests.clear()
    assert api.get(path).json["items"][0]["translation"] == mehmet["translation"]
    assert provider.requests == []  # from the translation memory
    replies = api.get("/articles/demokeupkargo2ks/comments?translate_to=de").json["items"]
    assert "translation" not in replies[0]  # already German


def test_a_moderator_reads_pending_comments_in_their_language(
    google: tuple[Api, FakeProvider, StreamPoller],
) -> None:
    api, _, _ = google
    comment = {"author": "Ayşe", "text": "Çok güzel bir haber.", "lang": "tr"}
    posted = api.request("POST", "/articles/demokeupkargo2ks/comments", comment)
    assert posted.status_code == 201
    queue = api.request("GET", "/comments?status=pending&limit=50&translate_to=de", role="moderator")
    assert queue.status_code == 200
    waiting = next(item for item in queue.json["items"] if item["id"] == posted.json["id"])
    assert waiting["translation"] == {"lang": "de", "text": "[de] Çok güzel bir haber.", "origin": "machine"}
    assert all("translation" not in item for item in queue.json["items"] if item["lang"] == "de")
    refused = api.request("GET", "/comments?translate_to=xx", role="moderator")
    assert refused.status_code == 400
    assert refused.json["error"]["code"] == "unsupported_language"
    assert refused.json["error"]["message"] == "Diese Sprache ist nicht verfügbar."  # in the reader's language
    assert refused.json["error"]["details"][0]["field"] == "translate_to"
    assert api.request("GET", "/comments?translate_to=de", role="editor").status_code == 403
    assert api.get("/comments?translate_to=de").status_code == 401


def test_comments_without_a_provider_come_untranslated(google: tuple[Api, FakeProvider, StreamPoller]) -> None:
    api, provider, _ = google
    provider.fail_with = [500] * 100
    response = api.get("/articles/demokeupkargo2ks/comments?translate_to=en")
    assert response.status_code == 200
    assert all("translation" not in comment for comment in response.json["items"])
    refused = api.get("/articles/demokeupkargo2ks/comments?translate_to=xx")
    assert refused.status_code == 400
    error = refused.json["error"]
    assert error["code"] == "unsupported_language"
    assert error["message"] == "Diese Sprache ist nicht verfügbar."  # in the reader's language (German here)
    assert error["details"][0]["field"] == "translate_to"


def test_a_new_language_gets_machine_translated_ui_strings(
    fake: tuple[FakeProvider, str], with_google: Callable[..., Api]
) -> None:
    provider = fake[0]
    api = with_google(SupportedLanguages="de,tr,en,fr")
    first = api.get("/i18n/fr")
    assert first.json["comments"]["loading"] == "Loading comments…"
    assert int(first.headers["X-Untranslated-Keys"]) > 50
    StreamPoller(api.runtime).drain()
    second = api.get("/i18n/fr")
    assert second.json["comments"]["loading"] == "[fr] Loading comments…"
    assert second.json["comments"]["count_other"] == "[fr] {{count}} comments"  # the variable survives
    assert (second.json["language"]["de"], second.json["share"]["whatsapp"]) == ("Deutsch", "WhatsApp")  # neutral
    assert int(second.headers["X-Machine-Translated-Keys"]) == int(first.headers["X-Untranslated-Keys"])
    assert "X-Untranslated-Keys" not in second.headers
    assert all("{{" not in request["text"] for request in provider.requests)  # sent as placeholders


@pytest.mark.parametrize(
    ("name", "settings"),
    [
        ("mymemory", {"MYMEMORY_URL": "{url}/get"}),
        ("deepl", {"DEEPL_URL": "{url}", "DEEPL_API_KEY_PARAMETER": "/haber/deepl", "AWS_ENDPOINT_URL_SSM": "{url}"}),
        ("aws", {"AWS_ENDPOINT_URL_TRANSLATE": "{url}"}),
        ("libre", {"LIBRE_TRANSLATE_URL": "{url}"}),
        (
            "microsoft",
            {
                "MICROSOFT_TRANSLATOR_URL": "{url}",
                "MICROSOFT_API_KEY_PARAMETER": "/haber/microsoft",
                "AWS_ENDPOINT_URL_SSM": "{url}",
            },
        ),
    ],
)
def test_every_provider_speaks_its_protocol(
    name: str, settings: dict[str, str], fake: tuple[FakeProvider, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    provider, url = fake
    for variable, value in settings.items():
        monkeypatch.setenv(variable, value.format(url=url))
    monkeypatch.setenv("TRANSLATION_PROVIDER", name)
    for variable, value in CREDENTIALS.items():  # Amazon Translate signs its requests
        monkeypatch.setenv(variable, value)
    providers._translate_client.cache_clear()
    DEFAULT_PROVIDERS.clear()  # Powertools' cached SSM client points at an earlier fake
    used, texts = providers.translate(["Die Brücke ist fertig.", "Sie kostete 40 Millionen Euro."], "de", "tr")
    assert (used, texts) == (name, ["[tr] Die Brücke ist fertig.", "[tr] Sie kostete 40 Millionen Euro."])
    assert [(r["provider"], r["target"]) for r in provider.requests if r["provider"] != "ssm"] == [(name, "tr")] * 2


def test_one_failing_article_does_not_hold_back_the_batch(
    google: tuple[Api, FakeProvider, StreamPoller], monkeypatch: pytest.MonkeyPatch
) -> None:
    api, _, poller = google
    poller.drain()  # the seeded articles
    broken, fine = publish(api, title="Kaputt"), publish(api, title="Heil")
    real = translation.translate_article

    def failing_for_one(article_id: str, **options: Any) -> dict[str, str]:
        if article_id == broken["id"]:
            raise RuntimeError("this article cannot be translated")
        return real(article_id, **options)

    monkeypatch.setattr(stream, "translate_article", failing_for_one)
    poller.drain()
    assert api.get(f"/articles/{fine['id']}?lang=en").json["translation"]["origin"] == "machine"
    assert api.get(f"/articles/{broken['id']}?lang=en").json["lang"] == "de"
    # Like Lambda, the poller gives up on the rest of the batch from the failed record on.
    assert poller.dead_letters[0]["dynamodb"]["Keys"]["pk"]["S"] == f"ARTICLE#{broken['id']}"
    subscription = next(s for s in api.runtime.stack.streams if s.function == "TranslationWorkerFunction")
    assert poller.invocations["TranslationWorkerFunction"] >= 1 + subscription.max_retries


@pytest.mark.parametrize(
    ("method", "path", "body", "role", "status", "code"),
    [
        ("PUT", "/articles/demokeupkargo2ks/translations/fr", "valid", "editor", 400, "unsupported_language"),
        ("PUT", "/articles/demokeupkargo2ks/translations/de", "valid", "editor", 400, "translation_is_source"),
        ("PUT", "/articles/aaaaaaaaaaaaaaaa/translations/en", "valid", "editor", 404, "article_not_found"),
        ("PUT", "/articles/BAD/translations/en", "valid", "editor", 400, "invalid_id"),
        (
            "PUT",
            "/articles/demokeupkargo2ks/translations/en",
            {"title": "only a title"},
            "editor",
            400,
            "validation_error",
        ),
        ("PUT", "/articles/demokeupkargo2ks/translations/en", "valid", "reader", 403, "forbidden"),
        ("POST", "/articles/demokeupkargo2ks/translations/de/refresh", None, "editor", 400, "translation_is_source"),
        ("POST", "/articles/demokeupkargo2ks/translations/xx/refresh", None, "editor", 400, "unsupported_language"),
        ("POST", "/articles/aaaaaaaaaaaaaaaa/translations/en/refresh", None, "editor", 404, "article_not_found"),
        ("POST", "/articles/BAD/translations/en/refresh", None, "editor", 400, "invalid_id"),
        ("PUT", "/glossary", {"protected": "OpenAI"}, "editor", 400, "validation_error"),
        ("PUT", "/glossary", {"terms": {"german>english": {"KI": "AI"}}}, "editor", 400, "validation_error"),
        ("GET", "/glossary", None, "moderator", 403, "forbidden"),
    ],
)
def test_bad_translation_requests(
    api: Api, method: str, path: str, body: Any, role: str, status: int, code: str
) -> None:
    human = {"title": "A title", "summary": "A summary.", "body": "<p>A body.</p>"}
    response = api.request(method, path, human if body == "valid" else body, role=role)
    assert (response.status_code, response.json["error"]["code"]) == (status, code)
    assert response.json["error"]["message"]
