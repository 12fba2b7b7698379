"""Every string on the page in the reader's language: UI bundles, display fields, errors."""

from typing import Any

from tests.conftest import Api

ARTICLE = "demokeupkargo2ks"


def test_ui_bundles_for_i18next(demo_api: Api) -> None:
    german = demo_api.get("/i18n/de")
    assert german.status_code == 200
    assert german.json["comments"]["loading"] == "Kommentare werden geladen…"
    assert german.json["comments"]["count_other"] == "{{count}} Kommentare"
    assert german.headers["Content-Language"] == "de"
    assert "X-Untranslated-Keys" not in german.headers
    assert demo_api.get("/i18n/tr").json["comments"]["loading"] == "Yorumlar yükleniyor…"
    assert demo_api.get("/i18n/de", If_None_Match=german.headers["ETag"]).status_code == 304
    assert demo_api.get("/i18n/xx").json["error"]["code"] == "unsupported_language"


def test_a_new_language_gets_a_complete_bundle(make_api: Any) -> None:
    api = make_api(SupportedLanguages="de,tr,en,fr")
    french = api.get("/i18n/fr")
    assert french.status_code == 200
    assert french.json["comments"]["loading"] == "Loading comments…"  # from the source until translated
    assert int(french.headers["X-Untranslated-Keys"]) > 50
    assert api.get("/languages").json["languages"][-1] == {"code": "fr", "name": "Français"}


def test_articles_carry_dates_for_the_reader(demo_api: Api) -> None:
    for lang, local in (("de", "04.11.2026, 08:30 Uhr"), ("tr", "4 Kasım 2026, 08:30"), ("en", "Nov 4, 2026, 8:30")):
        document = demo_api.get(f"/articles/{ARTICLE}?lang={lang}").json
        assert document["display"]["published"]["local"].replace("\u202f", " ").startswith(local)
        assert document["display"]["published"]["relative"]
    listing = demo_api.get("/articles?lang=tr&limit=1").json["items"][0]
    assert "önce" in listing["display"]["published"]["relative"]


def test_counts_come_with_labels(demo_api: Api) -> None:
    thread = demo_api.get(f"/articles/{ARTICLE}/comments", Accept_Language="de").json
    assert thread["display"] == {"heading": "Kommentare (3)", "count": "3 Kommentare"}
    assert thread["items"][0]["display"]["replies"] == "1 Antwort"
    turkish = demo_api.get(f"/articles/{ARTICLE}/comments?lang=tr").json
    assert turkish["display"]["count"] == "3 yorum"
    stats = demo_api.get(f"/articles/{ARTICLE}/stats?lang=de").json
    likes = demo_api.get("/i18n/de").json["reactions"]["likes_other"].replace("{{count}}", "0")
    assert stats["display"] == {"views": "0 Aufrufe", "comments": "3 Kommentare", "likes": likes}
    assert demo_api.get(f"/articles/{ARTICLE}/stats?lang=en").json["display"]["comments"] == "3 comments"


def test_errors_speak_the_readers_language(demo_api: Api) -> None:
    turkish = demo_api.get("/articles/aaaaaaaaaaaaaaaa", Accept_Language="tr-TR,tr;q=0.9")
    assert turkish.status_code == 404
    assert turkish.json["error"]["code"] == "article_not_found"
    assert turkish.json["error"]["message"] == demo_api.get("/i18n/tr").json["errors"]["article_not_found"]
    assert turkish.headers["Content-Language"] == "tr"
    assert "aaaaaaaaaaaaaaaa" in turkish.json["error"]["details"][0]["message"]  # the precise reason stays
    english = demo_api.request("POST", f"/articles/{ARTICLE}/comments?lang=en", {"author": "", "text": "x"})
    assert english.json["error"]["message"] == "Please check your input."
    assert english.json["error"]["details"][0]["field"] == "body.author"
    german = demo_api.get("/articles?limit=0", Accept_Language="de")
    assert german.json["error"]["message"] == demo_api.get("/i18n/de").json["errors"]["validation_error"]
