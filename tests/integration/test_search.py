"""GET /search through the local gateway: articles published through the API, indexed by the
stream (the poller runs the indexer, which writes the index to the local S3; the search
function reads it from there), found by each language's rules."""

import json
import re
import shutil
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from devstack.dynamodb import client
from devstack.streams import StreamPoller
from haber import search
from haber.i18n import catalog
from haber.search import files, indexes
from tests.conftest import Api, make_runtime, new_article

NOW = datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


ARTICLES: dict[str, dict[str, Any]] = {
    "de_compound": new_article(
        title="Zwölf Lastenräder für die Quxenstraße",
        summary="Händler teilen sich eine Flotte.",
        body="<p>Die Händler der Quxenstraße teilen sich zwölf Lastenräder.</p><p>Der Bürgermeister fährt mit.</p>",
    ),
    "tr_city": new_article(
        source_lang="tr",
        title="İZMİR'deki köprüde güneş batarken",
        summary="Esnaf gülleri satıyor.",
        body="<p>Köln'deki esnaf ISPARTA'dan gelen gülleri satıyor. Güneş ışığı köprüye vuruyor.</p>",
    ),
    "en_bikes": new_article(
        source_lang="en",
        title="Cyclists ride cargo bikes across the Zephyr bridge",
        summary="Traders share bikes.",
        body="<p>The traders' new bikes were running all day on the Zephyr bridge.</p>",
    ),
    "fresh": new_article(
        title="Glühwürmchenfest im Park", body="<p>Das Glühwürmchenfest lockt Familien.</p>", published_at=iso(NOW)
    ),
    "old": new_article(
        title="Glühwürmchenfest im Park",
        body="<p>Das Glühwürmchenfest lockt Familien.</p>",
        published_at=iso(NOW - timedelta(days=3 * 365)),
    ),
    "in_title": new_article(title="Quallenalarm an der Ostsee", body="<p>Badegäste bleiben an Land.</p>"),
    "in_body": new_article(
        title="Sommer an der Ostsee", body="<p>Nach dem Quallenalarm bleiben Badegäste an Land.</p>"
    ),
    "exact": new_article(title="Moorbrand bei Bremen", body="<p>Die Feuerwehr löscht.</p>"),
    "typo": new_article(title="Moorbrant bei Hamburg", body="<p>Die Feuerwehr rückt aus.</p>"),
    "markup": new_article(
        title="Flohmarktkasse geplündert",
        body="<p>5 &lt; 6 &amp; &lt;b&gt;Flohmarktkasse&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>",
    ),
}

# More than a page of the search page's ten results, and one that holds the word misspelt.
ARTICLES.update(
    {f"pancake{n}": new_article(title=f"Pfannkuchenrezept Nummer {n}", body="<p>Mehl, Eier.</p>") for n in range(12)}
)
ARTICLES["pancake_typo"] = new_article(title="Pfannkuchnrezept vom Wochenmarkt", body="<p>Milch, Zucker.</p>")


@pytest.fixture(scope="module")
def searching(tables_endpoint: str, seeded_items: list[dict[str, Any]], issuer_key: Path) -> Any:
    runtime = make_runtime(tables_endpoint, seeded_items, SearchRefreshSeconds="0")
    api = Api(runtime, issuer_key)
    ids = {}
    for name, article in ARTICLES.items():
        created = api.request("POST", "/articles", article, role="editor")
        assert created.status_code == 201, created.json
        ids[name] = created.json["id"]
    StreamPoller(runtime).drain()
    yield api, ids
    client(tables_endpoint).delete_table(TableName=runtime.stack.table_name)


def find(api: Api, q: str, lang: str, **params: str) -> dict[str, Any]:
    query = "&".join(f"{name}={quote(value)}" for name, value in {"q": q, "lang": lang, **params}.items())
    answer = api.get(f"/search?{query}")
    assert answer.status_code == 200, answer.json
    return dict(answer.json)


def found(searching: Any, q: str, lang: str, **params: str) -> list[str]:
    api, ids = searching
    names = {article_id: name for name, article_id in ids.items()}
    return [names.get(item["id"], item["id"]) for item in find(api, q, lang, **params)["items"]]


@pytest.mark.parametrize(
    ("q", "lang", "expected"),
    [
        # German: stemming, compounds (found by their parts), ß/ss, umlauts typed or not
        ("Lastenrad", "de", "de_compound"),
        ("Lastenräder", "de", "de_compound"),
        ("Räder", "de", "de_compound"),
        ("Rad", "de", "de_compound"),
        ("Quxenstrasse", "de", "de_compound"),
        ("quxenstraße", "de", "de_compound"),
        ("Strasse", "de", "de_compound"),
        ("Burgermeister", "de", "de_compound"),
        ("Buergermeister", "de", "de_compound"),
        ("BÜRGERMEISTER", "de", "de_compound"),
        ("Handler", "de", "de_compound"),
        # German typos: one edit from five letters, two from nine
        ("Lastenrädr", "de", "de_compound"),
        ("Bürgermiester", "de", "de_compound"),
        ("Bürgremeistr", "de", "de_compound"),
        # Turkish: dotted and dotless i, apostrophe suffixes, folded letters, the stemmer
        ("izmir", "tr", "tr_city"),
        ("İzmir", "tr", "tr_city"),
        ("IZMIR", "tr", "tr_city"),
        ("Isparta", "tr", "tr_city"),
        ("ısparta", "tr", "tr_city"),
        ("koln", "tr", "tr_city"),
        ("Köln", "tr", "tr_city"),
        ("kopru", "tr", "tr_city"),
        ("köprü", "tr", "tr_city"),
        ("gunes", "tr", "tr_city"),
        ("güneşi", "tr", "tr_city"),
        ("gul", "tr", "tr_city"),
        ("guleri", "tr", "tr_city"),  # a typo of gülleri
        # English: the stemmer, typos, possessives
        ("bike", "en", "en_bikes"),
        ("cyclist", "en", "en_bikes"),
        ("runs", "en", "en_bikes"),
        ("trader", "en", "en_bikes"),
        ("Zephir", "en", "en_bikes"),
        # Phrases
        ('"zwölf Lastenräder"', "de", "de_compound"),
        ('"Zephyr bridge"', "en", "en_bikes"),
        ('"köprüde güneş"', "tr", "tr_city"),
    ],
)
def test_each_language_matches_by_its_rules(searching: Any, q: str, lang: str, expected: str) -> None:
    assert expected in found(searching, q, lang)


@pytest.mark.parametrize(
    ("q", "lang", "absent"),
    [
        ("Kürgermeister", "de", "de_compound"),  # never a typo on the first letter
        ("Rsd", "de", "de_compound"),  # no typos in words under five letters
        ("Lastenrädrrrr", "de", "de_compound"),  # three edits
        ("Xephyr", "en", "en_bikes"),
        ('"Lastenräder zwölf"', "de", "de_compound"),  # a phrase keeps its order
        ('"bridge Zephyr"', "en", "en_bikes"),
        ("izmir", "de", "tr_city"),  # a language's search holds that language's texts
        ("Lastenrad Zephyr", "de", "de_compound"),  # every word must match
    ],
)
def test_what_must_not_match(searching: Any, q: str, lang: str, absent: str) -> None:
    assert absent not in found(searching, q, lang)


def test_a_fresher_story_beats_an_old_one_of_equal_relevance(searching: Any) -> None:
    results = found(searching, "Glühwürmchenfest", "de")
    assert results.index("fresh") < results.index("old")


def test_title_words_weigh_more_than_body_words(searching: Any) -> None:
    results = found(searching, "Quallenalarm", "de")
    assert results[:2] == ["in_title", "in_body"]


def test_exact_matches_rank_above_typos(searching: Any) -> None:
    results = found(searching, "Moorbrand", "de")
    assert results[:2] == ["exact", "typo"]


def test_typos_are_looked_for_when_the_words_as_typed_find_fewer_than_ten(searching: Any) -> None:
    pancakes = {f"pancake{n}" for n in range(12)}
    assert set(found(searching, "Pfannkuchenrezept", "de", limit="50")) == pancakes  # twelve as typed
    misspelt = found(searching, "Pfannkuchnrezept", "de", limit="50")  # one as typed, so typos too
    assert misspelt[0] == "pancake_typo" and set(misspelt[1:]) == pancakes


def test_newest_first_on_request(searching: Any) -> None:
    api, ids = searching
    items = find(api, "Glühwürmchenfest", "de", sort="newest")["items"]
    assert [item["id"] for item in items] == [ids["fresh"], ids["old"]]
    assert items[0]["published_at"] > items[1]["published_at"]


def test_results_carry_what_a_listing_needs(searching: Any) -> None:
    api, ids = searching
    answer = find(api, "Köln", "tr")
    item = next(item for item in answer["items"] if item["id"] == ids["tr_city"])
    assert item["lang"] == "tr" and item["title"] == "İZMİR'deki köprüde güneş batarken"
    assert item["url"].endswith("/tr/" + quote(item["url"].rsplit("/", 1)[1], safe="%-"))
    assert item["category"] == "politics" and item["published_at"] and item["display"]["published"]["local"]
    assert "<mark>Köln&#39;deki</mark>" in item["snippet"]
    assert answer["total"] >= 4 and answer["total_exact"] is True
    with_image = find(api, "Lastenräder", "de")["items"]
    assert any("image" in item and item["image"]["src"] for item in with_image)  # the demo article's lead image


def test_markup_in_articles_and_queries_stays_text(searching: Any) -> None:
    api, ids = searching
    for q in ("Flohmarktkasse", "<b>Flohmarktkasse</b>", "Flohmarktkasse <script>"):
        item = next(item for item in find(api, q, "de")["items"] if item["id"] == ids["markup"])
        assert "<mark>Flohmarktkasse</mark>" in item["snippet"]
        assert "<" not in re.sub("</?mark>", "", item["snippet"])
        assert "&lt;" in item["snippet"] and "&amp;" in item["snippet"]
    for q in ('<mark onclick="x">', "<img src=x onerror=alert(1)>", "</mark><script>"):
        for item in find(api, q, "de")["items"]:
            assert "<" not in re.sub("</?mark>", "", item["snippet"])


def test_pages_follow_signed_cursors(searching: Any) -> None:
    api, _ = searching
    first = find(api, "Köln", "tr", limit="2")
    second = find(api, "Köln", "tr", limit="2", cursor=first["next_cursor"])
    assert first["next_cursor"] and len(first["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert second["total"] == first["total"]


def test_filters(searching: Any) -> None:
    api, ids = searching
    assert ids["fresh"] in [i["id"] for i in find(api, "Glühwürmchenfest", "de", category="politics")["items"]]
    assert find(api, "Glühwürmchenfest", "de", category="economy")["items"] == []
    assert find(api, "Glühwürmchenfest", "de", tag="cologne")["total"] == 2
    assert find(api, "Glühwürmchenfest", "de", tag="sport")["total"] == 0
    assert find(api, "Glühwürmchenfest", "de", author="Test Redaktion")["total"] == 2
    three_years = (NOW - timedelta(days=3 * 365)).date()
    recent = find(api, "Glühwürmchenfest", "de", **{"from": str(NOW.date() - timedelta(days=7))})
    assert [i["id"] for i in recent["items"]] == [ids["fresh"]]
    old = find(api, "Glühwürmchenfest", "de", to=str(three_years + timedelta(days=1)))
    assert [i["id"] for i in old["items"]] == [ids["old"]]


@pytest.mark.parametrize(
    "q",
    ['"', '"Lastenrad', "*", "Lastenrad*", "title:", ":Lastenrad", "(Lastenrad", "\\", "a\\b", "OR NOT", "~2", "%"],
)
def test_query_syntax_is_never_an_error(searching: Any, q: str) -> None:
    api, _ = searching
    answer = api.get(f"/search?q={quote(q)}&lang=de")
    assert answer.status_code == 200, answer.json
    if "Lastenrad" in q:
        assert answer.json["total"] >= 1


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("lang=de", "q", "validation_error"),
        ("q=&lang=de", "q", "validation_error"),
        ("q=%20%20&lang=de", "q", "validation_error"),
        (f"q={'a' * 201}&lang=de", "q", "validation_error"),
        (f"q={quote(' '.join(['wort'] * 21))}&lang=de", "q", "validation_error"),
        ("q=rad&lang=xx", None, "unsupported_language"),
        ("q=rad&lang=de&sort=best", "sort", "validation_error"),
        ("q=rad&lang=de&category=nope", "category", "unknown_category"),
        ("q=rad&lang=de&category=Bad%20Id", "category", "validation_error"),
        ("q=rad&lang=de&from=2026-13-01", "from", "validation_error"),
        ("q=rad&lang=de&to=yesterday", "to", "validation_error"),
        ("q=rad&lang=de&limit=0", "limit", "validation_error"),
        ("q=rad&lang=de&cursor=forged.cursor", "cursor", "invalid_cursor"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(searching: Any, query: str, field: str | None, code: str) -> None:
    api, _ = searching
    answer = api.get(f"/search?{query}")
    assert answer.status_code == 400, answer.json
    error = answer.json["error"]
    assert error["code"] == code
    if field:
        assert any(field in detail.get("field", "") for detail in error["details"]), error


@pytest.mark.parametrize("lang", ["de", "tr", "en"])
def test_errors_speak_the_readers_language(searching: Any, lang: str) -> None:
    api, _ = searching
    answer = api.get(f"/search?q=&lang={lang}")
    assert answer.json["error"]["message"] == catalog.text(lang, "errors.validation_error")
    assert answer.headers["Content-Language"] == lang


def test_a_cursor_of_another_query_is_refused(searching: Any) -> None:
    api, _ = searching
    first = find(api, "Köln", "tr", limit="1")
    answer = api.get(f"/search?q=koln&lang=tr&limit=1&cursor={first['next_cursor']}")
    assert answer.status_code == 400 and answer.json["error"]["code"] == "invalid_cursor"


def test_answers_are_public_for_half_a_minute(searching: Any) -> None:
    api, _ = searching
    answer = api.get("/search?q=koln&lang=tr")
    assert answer.headers["Cache-Control"] == "public, max-age=30, s-maxage=30"


@pytest.fixture
def api(make_api: Any) -> Api:
    """A table of the test's own, whose search looks for a new index on every query."""
    made: Api = make_api(SearchRefreshSeconds="0")
    return made


def test_published_is_found_unpublished_is_gone_after_a_stream_batch(api: Api) -> None:
    poller = StreamPoller(api.runtime)
    poller.drain()
    word = f"Zaunkönig{uuid.uuid4().hex[:6]}"
    created = api.request("POST", "/articles", new_article(title=f"{word} gesichtet"), role="editor")
    article_id = created.json["id"]
    assert search_ids(api, word) == []
    poller.drain()
    assert search_ids(api, word) == [article_id]
    assert api.request("DELETE", f"/articles/{article_id}", role="editor").status_code == 204
    poller.drain()
    assert search_ids(api, word) == []


@pytest.mark.parametrize(("initialization", "copied"), [("on-demand", False), ("provisioned-concurrency", True)])
def test_a_provisioned_instance_copies_every_index_at_init(
    searching: Any, monkeypatch: pytest.MonkeyPatch, initialization: str, copied: bool
) -> None:
    api, _ = searching
    runtime = api.runtime
    with runtime.environment("SearchFunction"):
        folders = [files.folder(lang) for lang in ("de", "tr", "en")]
        for folder in folders:
            indexes._held.pop(folder, None)
            shutil.rmtree(folder, ignore_errors=True)
        monkeypatch.setenv("AWS_LAMBDA_INITIALIZATION_TYPE", initialization)
        runtime._load(runtime.stack.functions["SearchFunction"])  # the module's init, no query
        assert [(folder / "meta.json").exists() for folder in folders] == [copied] * 3
    assert "de_compound" in found(searching, "Lastenrad", "de")  # and either way it answers


def test_a_scheduled_article_appears_once_live(api: Api) -> None:
    poller = StreamPoller(api.runtime)
    poller.drain()
    word = f"Kranichzug{uuid.uuid4().hex[:6]}"
    soon = datetime.now(UTC) + timedelta(seconds=10)
    created = api.request("POST", "/articles", new_article(title=word, published_at=iso(soon)), role="editor")
    poller.drain()
    assert datetime.now(UTC) < soon, "the machine is too slow for this test's margin"
    assert search_ids(api, word) == []
    time.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 1.1)
    assert search_ids(api, word) == [created.json["id"]]


def test_the_rebuild_holds_what_the_stream_did(api: Api) -> None:
    poller = StreamPoller(api.runtime)
    poller.drain()
    before = {lang: find(api, "Köln", lang)["total"] for lang in ("de", "tr", "en")}
    with api.runtime.environment("SearchIndexerFunction"):
        search.rebuild()
    assert {lang: find(api, "Köln", lang)["total"] for lang in ("de", "tr", "en")} == before


def search_ids(api: Api, q: str) -> list[str]:
    answer = api.get(f"/search?q={quote(q)}&lang=de")
    assert answer.status_code == 200
    return [item["id"] for item in answer.json["items"]]


def test_what_the_index_holds_is_what_is_live(searching: Any) -> None:
    """Nothing but live articles: every result's article answers GET /articles/{id}."""
    api, _ = searching
    for lang in ("de", "tr", "en"):
        for item in find(api, "a e i", lang)["items"] + find(api, "der die das", lang)["items"]:
            assert api.get(f"/articles/{item['id']}?lang={lang}").status_code == 200


def test_snippets_are_short(searching: Any) -> None:
    api, _ = searching
    for item in find(api, "Köln", "de")["items"]:
        assert len(re.sub(r"</?mark>", "", item["snippet"])) < 400
        json.dumps(item)


SEARCH_PAGES = {"de": "/de/suche", "tr": "/tr/arama", "en": "/en/search"}


@pytest.mark.parametrize("lang", ["de", "tr", "en"])
def test_the_search_page_in_each_language(searching: Any, lang: str) -> None:
    api, _ = searching
    q = {"de": "Lastenrad", "tr": "köprü", "en": "bike"}[lang]
    answer = api.get(f"{SEARCH_PAGES[lang]}?q={quote(q)}")
    document = answer.data.decode()
    assert answer.status_code == 200 and answer.headers["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in document
    assert f'<html lang="{lang}">' in document
    assert catalog.text(lang, "search.heading") in document
    results = document.split('<ol class="cards results">', 1)[1].split("</ol>", 1)[0]
    assert "<mark>" in results and "<script" not in results
    nothing = api.get(f"{SEARCH_PAGES[lang]}?q=Qwxzyv").data.decode()
    assert html_text(catalog.text(lang, "search.no_results", query="Qwxzyv")) in nothing


def html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize("path", ["/de/", "/tr/", "/en/", "/de/nothing-here", "/tr/arama"])
def test_every_page_has_a_search_form_in_its_header(searching: Any, path: str) -> None:
    api, _ = searching
    document = api.get(path).data.decode()
    header = document.split("<header", 1)[1].split("</header>", 1)[0]
    lang = path.split("/")[1]
    assert f'role="search" aria-label="{catalog.text(lang, "search.label")}" action="http://' in header
    assert header.count('name="q"') == 1 and f'{SEARCH_PAGES[lang]}"' in header


def test_the_search_page_pages_without_script(searching: Any) -> None:
    api, _ = searching
    first = api.get("/de/suche?q=Pfannkuchenrezept").data.decode()
    more = re.search(r'<a href="([^"]+)" rel="next">', first)
    assert more, "a next link"
    second = api.get(local(more[1].replace("&amp;", "&"))).data.decode()
    assert catalog.text("de", "search.first") in second and 'rel="next"' not in second
    titles = [re.findall(r"<h2><a href=\"[^\"]+\">(.*?)</a>", page) for page in (first, second)]
    assert len(titles[0]) == 10 and len(titles[1]) == 2 and not set(titles[0]) & set(titles[1])


def test_the_search_page_explains_bad_input_in_the_readers_language(searching: Any) -> None:
    api, _ = searching
    answer = api.get(f"/en/search?q={'x' * 201}")
    assert answer.status_code == 400
    assert catalog.text("en", "errors.invalid_query") in answer.data.decode()
    forged = api.get("/de/suche?q=rad&cursor=forged")
    assert forged.status_code == 400 and html_text(catalog.text("de", "errors.invalid_cursor")) in forged.data.decode()


def local(url: str) -> str:
    return "/" + url.split("/", 3)[3]
