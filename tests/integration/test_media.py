"""Media end to end on the local stack: POST /media, the browser's form upload to the local
S3 (its policy checked as S3 does), the upload notification, the media processor's checks
and renditions, descriptions in every language, and images in articles and pages."""

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
import requests
from PIL import ExifTags, Image

from devstack import aws
from devstack.streams import StreamPoller
from devstack.uploads import UploadNotifier
from haber.media import MediaSettings
from haber.platform.ids import new_media_id
from tests.conftest import Api, new_article
from tests.integration.helpers import dynamodb_calls

DEMO_IMAGE, SPARE_IMAGE = "keupkargo2leadim", "sparelibraryimag"


def picture(size: tuple[int, int] = (1200, 900), mode: str = "RGB", kind: str = "JPEG", **options: Any) -> bytes:
    colour = {"RGB": (200, 60, 40), "RGBA": (200, 60, 40, 0)}.get(mode, 0)
    image = Image.new(mode, size, colour)
    if mode == "RGB":  # left to right from blue to red: every crop shows a different part
        image.paste((20, 60, 200), (0, 0, *size), Image.linear_gradient("L").rotate(90).resize(size))
    if mode == "RGBA":  # an opaque square in the middle of a transparent picture
        image.paste((20, 90, 200, 255), (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4))
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def phone_photo() -> bytes:
    """A landscape JPEG a phone took upright (EXIF orientation 6) with GPS coordinates."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Haberphone"
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (50.0, 56.0, 30.0), 3: "E", 4: (6.0, 57.0, 10.0)}
    return picture((1200, 900), exif=exif.tobytes())


def announce(api: Api, data: bytes, content_type: str, name: str = "upload") -> dict[str, Any]:
    reply = api.request(
        "POST", "/media", {"filename": name, "content_type": content_type, "size": len(data)}, role="editor"
    )
    assert reply.status_code == 201, reply.json
    return reply.json


def send(upload: dict[str, Any], data: bytes, content_type: str, **fields: str) -> requests.Response:
    """What an editor's browser does with POST /media's answer: a multipart form to S3."""
    form = {**upload["fields"], **fields}
    return requests.post(upload["url"], data=form, files={"file": ("f", data, content_type)}, timeout=10)


NOTIFIERS: dict[str, UploadNotifier] = {}  # one per test table, as S3 has one configuration per bucket


def uploaded(api: Api, data: bytes, content_type: str = "image/jpeg", declared: str | None = None) -> dict[str, Any]:
    """Announce, upload and let S3's notification reach the processor; the media item after."""
    notifier = NOTIFIERS.setdefault(api.runtime.stack.table_name, UploadNotifier(api.runtime))
    announced = announce(api, data, declared or content_type)
    assert send(announced["upload"], data, declared or content_type).status_code == 204
    assert notifier.drain() == 1
    return api.get(f"/media/{announced['id']}", **api.token()).json


def objects(prefix: str) -> list[str]:
    s3 = aws.local_client("s3")
    bucket = next(name for name in aws_buckets() if name.startswith("haber-media-"))
    return [item["Key"] for item in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]


def aws_buckets() -> list[str]:
    return [bucket["Name"] for bucket in aws.local_client("s3").list_buckets()["Buckets"]]


def fetch(api: Api, url: str) -> Any:
    return api.get(url.split("127.0.0.1:3000", 1)[1])


@pytest.fixture
def ready(api: Api) -> dict[str, Any]:
    return uploaded(api, phone_photo())


def test_a_phone_photo_is_turned_upright_and_stripped_of_its_metadata(api: Api, ready: dict[str, Any]) -> None:
    assert Image.open(io.BytesIO(phone_photo())).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the original has GPS
    assert ready["status"] == "ready" and (ready["width"], ready["height"]) == (900, 1200)  # orientation 6: turned
    image = ready["images"]["de"]
    assert image["srcset"]["image/webp"].count("w,") == 2  # 320, 640 and the full 900 wide
    for url in [image["src"], image["preview"]["src"], *image["crops"].values()]:
        reply = fetch(api, url)
        assert reply.status_code == 200 and reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        served = Image.open(io.BytesIO(reply.data))
        assert not served.getexif() and "icc_profile" not in served.info and b"Haberphone" not in reply.data
    preview = Image.open(io.BytesIO(fetch(api, image["preview"]["src"]).data))
    assert preview.size == (1200, 630)
    ratios = {name: Image.open(io.BytesIO(fetch(api, url).data)).size for name, url in image["crops"].items()}
    assert {name: round(w / h, 2) for name, (w, h) in ratios.items()} == {"1:1": 1.0, "4:3": 1.33, "16:9": 1.78}
    portrait = Image.open(io.BytesIO(fetch(api, image["src"]).data))
    assert portrait.height > portrait.width and ready["placeholder"].startswith("#")


def test_webp_renditions_keep_transparency_and_the_jpeg_fallback_is_flattened(api: Api) -> None:
    item = uploaded(api, picture((800, 600), "RGBA", "PNG"), "image/png")
    srcset = item["images"]["en"]["srcset"]
    webp = Image.open(io.BytesIO(fetch(api, srcset["image/webp"].split(" ")[0]).data))
    jpeg = Image.open(io.BytesIO(fetch(api, srcset["image/jpeg"].split(" ")[0]).data))
    corner: Any = webp.getpixel((2, 2))
    assert webp.mode == "RGBA" and corner[3] == 0  # a transparent corner stays transparent
    assert jpeg.mode == "RGB" and jpeg.getpixel((2, 2)) == (255, 255, 255)  # and is white in the JPEG


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
# Made when a test asks: the bomb alone is 50 MB of pixels before compression.
BAD_UPLOADS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "bomb": (lambda: picture((20_000, 20_000), "1", "PNG"), "image/png", "too_many_pixels"),
    "truncated": (lambda: picture()[:6_000], "image/jpeg", "damaged"),
    "polyglot": (lambda: picture() + b"<html><script>alert(1)</script></html>", "image/jpeg", "polyglot"),
    "appended-zip": (lambda: picture() + b"PK\x03\x04" + bytes(64), "image/jpeg", "polyglot"),
    "svg": (lambda: SVG, "image/png", "svg"),
    "png-called-jpeg": (lambda: picture(kind="PNG"), "image/jpeg", "type_mismatch"),
    "gif": (lambda: b"GIF89a" + bytes(200), "image/webp", "not_an_image"),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_upload_is_rejected_with_a_reason_and_leaves_nothing(api: Api, case: str) -> None:
    make, declared, code = BAD_UPLOADS[case]
    item = uploaded(api, make(), declared=declared)
    assert item["status"] == "rejected" and item["reason_code"] == code and item["reason"], item
    assert "images" not in item
    assert objects(f"originals/{item['id']}") == [] and objects(f"images/{item['id']}/") == []
    listed = api.get("/media?status=rejected", **api.token()).json["items"]
    assert item["id"] in [entry["id"] for entry in listed]
    article = api.request("POST", "/articles", new_article(image=item["id"]), role="editor")
    assert article.status_code == 400 and article.json["error"]["code"] == "media_not_ready"
    assert article.json["error"]["details"] == [{"field": "image", "message": f"media {item['id']} is rejected"}]
    described = describe(api, item["id"], {"lang": "de", "alt": "Ein Bild"})
    assert described.status_code == 409 and described.json["error"]["code"] == "media_rejected"
    assert "upload the image again" in json.dumps(described.json["error"])


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"filename": "x.svg", "content_type": "image/svg+xml", "size": 100}, 400, "content_type"),
        ({"filename": "x.gif", "content_type": "image/gif", "size": 100}, 400, "content_type"),
        ({"filename": "x.jpg", "content_type": "image/jpeg", "size": 26 * 1024 * 1024}, 413, "size"),
        ({"filename": "x.jpg", "content_type": "image/jpeg", "size": 0}, 400, "size"),
        ({"filename": "x.jpg", "content_type": "image/jpeg", "size": "big"}, 400, "size"),
        ({"filename": "", "content_type": "image/jpeg", "size": 10}, 400, "filename"),
        ({"filename": "x.jpg", "content_type": "image/jpeg"}, 400, "size"),
        ({"filename": "x.jpg", "content_type": "image/jpeg", "size": 10, "key": "images/x"}, 400, "key"),
    ],
)
def test_post_media_refuses_what_cannot_be_an_accepted_image_before_any_upload(
    api: Api, body: dict[str, Any], status: int, field: str
) -> None:
    before = api.get("/media", **api.token()).json["items"]
    reply = api.request("POST", "/media", body, role="editor")
    assert reply.status_code == status, reply.json
    assert field in json.dumps(reply.json["error"]["details"])
    if field == "content_type":
        assert reply.json["error"]["code"] == "unsupported_media_type"
        assert reply.json["error"]["details"] == [{"field": "content_type", "message": "is not an accepted image type"}]
    if status == 413:
        assert reply.json["error"]["details"] == [{"field": "size", "message": "is over 26214400 bytes"}]
    assert api.get("/media", **api.token()).json["items"] == before  # nothing half-written


def test_media_routes_are_for_editors(api: Api) -> None:
    assert api.request("POST", "/media", {"filename": "a", "content_type": "image/png", "size": 1}).status_code == 401
    assert api.get("/media").status_code == 401
    assert api.get("/media", **api.token("moderator")).status_code == 403
    for path in ("/media/not-an-id", "/media/aaaaaaaaaaaaaaaa"):
        reply = api.get(path, **api.token())
        assert reply.status_code in (400, 404) and reply.json["error"]["code"] in ("invalid_id", "media_not_found")


def test_an_upload_that_breaks_the_policy_is_refused_by_s3(api: Api) -> None:
    data = picture()
    upload = announce(api, data, "image/jpeg")["upload"]
    refused: list[requests.Response] = [
        send(upload, data + bytes(100), "image/jpeg"),  # larger than announced
        send(upload, data, "image/png", **{"Content-Type": "image/png"}),  # another type
        send(upload, data, "image/jpeg", key="originals/aaaaaaaaaaaaaaaa"),  # another key
        send(upload, data, "image/jpeg", policy=upload["fields"]["policy"][:-4] + "AAA="),  # a forged policy
    ]
    assert [answer.status_code for answer in refused] == [400, 403, 403, 403]
    assert [b"EntityTooLarge" in refused[0].content, b"Policy Condition failed" in refused[1].content]


def test_the_library_lists_newest_first_filters_by_status_and_pages(api: Api, ready: dict[str, Any]) -> None:
    first = api.get("/media?limit=1", **api.token()).json
    assert first["items"][0]["id"] == ready["id"] and first["next_cursor"]
    second = api.get(f"/media?limit=1&cursor={first['next_cursor']}", **api.token()).json
    assert second["items"][0]["id"] != ready["id"]
    pending = api.get("/media?status=pending", **api.token()).json["items"]
    assert ready["id"] not in [item["id"] for item in pending]
    assert api.get("/media?cursor=forged", **api.token()).status_code == 400
    assert api.get(f"/articles?cursor={first['next_cursor']}").status_code == 400  # another query's cursor
    assert api.get("/media?status=lost", **api.token()).status_code == 400


def describe(api: Api, media_id: str, body: dict[str, Any]) -> Any:
    return api.request("PUT", f"/media/{media_id}", body, role="editor")


def test_alt_text_and_caption_in_one_language_and_human_translations(api: Api, ready: dict[str, Any]) -> None:
    for first in ({"caption": "Nur eine Bildunterschrift"}, {"translations": {"tr": {"alt": "Ren nehri"}}}):
        refused = describe(api, ready["id"], first)  # no alt text in any language yet
        assert refused.status_code == 400, first
        field = refused.json["error"]["details"][0]["field"]
        assert field in ("alt", "translations.tr"), refused.json
    body = {
        "lang": "de",
        "alt": "Der Rhein bei Köln im Abendlicht",
        "caption": "Blick von der Deutzer Brücke",
        "translations": {"tr": {"alt": "Akşam ışığında Köln'de Ren nehri"}},
        "credit": "Foto: Ayşe Demir",
        "licence": "CC BY 4.0",
    }
    reply = describe(api, ready["id"], body)
    assert reply.status_code == 200, reply.json
    images = reply.json["images"]
    assert (images["de"]["alt"], images["de"]["caption"], images["de"]["credit"]) == (
        body["alt"],
        body["caption"],
        body["credit"],
    )
    assert images["tr"]["alt"] == "Akşam ışığında Köln'de Ren nehri" and images["tr"]["translation"] == {
        "origin": "human",
        "stale": False,
    }
    assert images["en"]["lang"] == "de" and images["en"]["alt"] == body["alt"]  # no English yet: the source
    changed = describe(api, ready["id"], {"alt": "Der Rhein bei Köln"}).json["images"]
    assert changed["tr"]["translation"]["stale"] is True  # its source changed
    for bad in (
        {"lang": "fr", "alt": "x"},
        {"alt": "a\nb"},
        {"focal": {"x": 1.5, "y": 0.5}},
        {"translations": {"de": {"alt": "x"}}},
        {"alt": "x" * 301},
        {"colour": "red"},
    ):
        assert describe(api, ready["id"], bad).status_code == 400, bad
    assert describe(api, ready["id"], {"lang": "en"}).status_code == 400  # no English text to be the source
    turkish = describe(api, ready["id"], {"lang": "tr"}).json  # the Turkish text becomes the source
    assert turkish["source_lang"] == "tr" and turkish["texts"]["de"]["origin"] == "human"
    assert "translation" not in turkish["images"]["tr"] and turkish["images"]["de"]["translation"]["stale"] is True


def test_a_new_focal_point_crops_again(api: Api, ready: dict[str, Any]) -> None:
    before = ready["images"]["de"]["crops"]
    assert describe(api, ready["id"], {"focal": {"x": 0.5, "y": 0.1}}).status_code == 200
    StreamPoller(api.runtime).drain()
    after = api.get(f"/media/{ready['id']}", **api.token()).json
    assert after["images"]["de"]["crops"]["1:1"] != before["1:1"]
    assert after["images"]["de"]["srcset"] == ready["images"]["de"]["srcset"]  # only the crops change
    top = Image.open(io.BytesIO(fetch(api, after["images"]["de"]["crops"]["16:9"]).data))
    assert top.size[0] / top.size[1] == pytest.approx(16 / 9, abs=0.01)


def test_an_article_shows_its_lead_image_and_figures_in_the_served_language(api: Api, ready: dict[str, Any]) -> None:
    describe(api, ready["id"], {"lang": "de", "alt": "Rhein", "translations": {"en": {"alt": "Rhine"}}})
    figures = [uploaded(api, picture((640, 480)))["id"] for _ in range(3)]
    body = "<p>Erster Absatz.</p>" + "".join(f'<figure data-media="{f}"></figure><p>Text.</p>' for f in figures)
    created = api.request("POST", "/articles", new_article(image=ready["id"], body=body), role="editor").json
    english = api.get(f"/articles/{created['id']}?lang=en").json
    assert english["lang"] == "de" and english["image"]["alt"] == "Rhein"  # the article is German only
    document = api.get(f"/articles/{created['id']}?lang=de").json
    assert document["image"]["id"] == ready["id"] and [f["id"] for f in document["figures"]] == figures
    assert document["body"].count("<picture>") == 3 and 'loading="lazy"' in document["body"]
    assert 'width="640" height="480"' in document["body"]
    with dynamodb_calls(api) as calls:
        api.get(f"/articles/{created['id']}?lang=de")
    assert calls == ["Query"]  # the images are in the article's own item collection
    media = api.get(f"/media/{ready['id']}", **api.token()).json
    assert media["used_by"] == [created["id"]]


def test_an_image_change_reaches_the_articles_using_it(api: Api, ready: dict[str, Any]) -> None:
    created = api.request("POST", "/articles", new_article(image=ready["id"]), role="editor").json
    describe(api, ready["id"], {"lang": "de", "alt": "Neuer Alternativtext"})
    StreamPoller(api.runtime).drain()
    assert api.get(f"/articles/{created['id']}").json["image"]["alt"] == "Neuer Alternativtext"


def test_an_article_may_use_at_most_thirty_images(api: Api) -> None:
    ids = [new_media_id() for _ in range(31)]
    body = "<p>Text.</p>" + "".join(f'<figure data-media="{media_id}"></figure>' for media_id in ids)
    reply = api.request("POST", "/articles", new_article(body=body), role="editor")
    assert reply.status_code == 400 and reply.json["error"]["details"][0]["message"] == "names too many images"


@pytest.mark.parametrize("wanted", ["missing", "pending", "malformed", "figure"])
def test_an_article_cannot_use_an_image_that_is_not_ready(api: Api, wanted: str) -> None:
    pending = announce(api, picture(), "image/jpeg")["id"]
    image = {"missing": "aaaaaaaaaaaaaaaa", "pending": pending, "malformed": "../etc/passwd", "figure": None}[wanted]
    changes: dict[str, Any] = {"image": image}
    if wanted == "figure":
        changes["body"] = f'<p>Text.</p><figure data-media="{pending}"></figure>'
    reply = api.request("POST", "/articles", new_article(**changes), role="editor")
    assert reply.status_code == 400, reply.json
    titles = [item["title"] for item in api.get("/articles?lang=de&limit=50").json["items"]]
    assert new_article()["title"] not in titles  # nothing half-written


def test_used_media_cannot_be_deleted_and_unused_media_goes_with_its_files(api: Api, ready: dict[str, Any]) -> None:
    created = api.request("POST", "/articles", new_article(image=ready["id"]), role="editor").json
    refused = api.request("DELETE", f"/media/{ready['id']}", role="editor")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "media_in_use"
    assert created["id"] in refused.json["error"]["details"][0]["message"]
    changed = api.request("PUT", f"/articles/{created['id']}", {"image": None}, role="editor", If_Match='"v1"')
    assert changed.status_code == 200 and changed.json["image"] is None
    src = ready["images"]["de"]["src"]
    assert api.request("DELETE", f"/media/{ready['id']}", role="editor").status_code == 204
    assert fetch(api, src).status_code == 404 and objects(f"images/{ready['id']}/") == []
    assert api.get(f"/media/{ready['id']}", **api.token()).status_code == 404
    assert api.request("DELETE", f"/media/{ready['id']}", role="editor").status_code == 404


def test_the_article_page_shows_the_lead_image_to_readers_and_link_previews(api: Api) -> None:
    slug = api.get("/articles/demokeupkargo2ks?lang=de").json["slug"]
    page = api.get(f"/de/{slug}")
    html = page.data.decode()
    assert page.status_code == 200, html[:300]
    assert '<meta property="og:image" content="http://127.0.0.1:3000/images/keupkargo2leadim/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert len(data["image"]) == 3 and all("/images/keupkargo2leadim/" in url for url in data["image"])
    assert html.count("<picture>") == 2  # the lead image and the figure
    assert 'alt="Symbolbild: gelbe und grüne Kreise auf blauem Grund"' in html


def test_image_addresses_that_are_not_renditions_are_404(api: Api) -> None:
    for path in (
        f"/images/{DEMO_IMAGE}/0123456789abcdef0123.webp",
        f"/images/{DEMO_IMAGE}/..%2F..%2Foriginals%2F{DEMO_IMAGE}",
        f"/images/{DEMO_IMAGE}/original.jpg",
        f"/images/{DEMO_IMAGE.upper()}/0123456789abcdef0123.jpg",  # ids are lowercase
    ):
        reply = api.get(path)
        assert reply.status_code == 404 and reply.headers["Content-Type"] == "application/json", path


def test_the_spare_demo_image_is_in_the_library_and_in_no_article(demo_api: Api) -> None:
    item = demo_api.get(f"/media/{SPARE_IMAGE}", **demo_api.token()).json
    assert item["status"] == "ready" and item["used_by"] == []
    assert MediaSettings.model_fields["max_pixels"].default == 50_000_000


Translating = tuple[Api, Any, StreamPoller]


def test_image_texts_are_machine_translated_from_the_stream(translating: Translating) -> None:
    api, fake, poller = translating
    item = uploaded(api, picture())
    describe(api, item["id"], {"lang": "de", "alt": "Ein Boot auf dem Rhein", "caption": "Am Morgen"})
    poller.drain()
    images = api.get(f"/media/{item['id']}", **api.token()).json["images"]
    assert images["en"]["translation"] == {"origin": "machine", "stale": False} and images["en"]["lang"] == "en"
    assert images["tr"]["alt"] != "Ein Boot auf dem Rhein" and images["tr"]["caption"]
    asked = len(fake.requests)
    describe(api, item["id"], {"translations": {"en": {"alt": "A boat on the Rhine"}}})
    poller.drain()
    assert len(fake.requests) == asked  # a human translation is never replaced, nothing re-sent
    assert api.get(f"/media/{item['id']}", **api.token()).json["images"]["en"]["alt"] == "A boat on the Rhine"
