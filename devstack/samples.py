"""The sample events in events/, one per route: what `sam local invoke -e` and
`make invoke` take, and what the function tests feed the handlers.

They are built with the local gateway's own event builder, so the files, the gateway
and the tests agree on the payload format. Regenerate with `make events`.
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from boto3.dynamodb.types import TypeSerializer

from devstack import ROOT
from devstack.demo_images import pictures
from devstack.events import flatten_claims, http_event
from devstack.streams import windowed
from devstack.template import Route
from devstack.uploads import object_created
from haber.media import imaging

EVENTS = ROOT / "events"
DEMO_ARTICLE = "demokeupkargo2ks"  # German source, human translations (devstack/seed/demo.json)
MACHINE_ARTICLE = "demokoprulabs2k6"  # English source; its Turkish text is a machine translation, not reviewed
DEMO_IMAGE = "keupkargo2leadim"  # the demo article's lead image (devstack/demo_images.py)
SPARE_IMAGE = "sparelibraryimag"  # a demo image no article uses
DEMO_SLUG_TR = "koln-de-keupstrasse-esnafi-teslimatlar-icin-ortak-yuk-bisikleti-filosu-kurdu"
EDITOR = flatten_claims({"sub": "local-editor", "cognito:groups": ["editor"], "iss": "https://haber.local/issuer"})
MODERATOR = flatten_claims(
    {"sub": "local-moderator", "cognito:groups": ["moderator"], "iss": "https://haber.local/issuer"}
)
# Demo comments (devstack/seed/demo.json): ids are their creation time plus a fixed suffix.
COMMENT_APPROVED = "01m6jx8pr0dem001"  # top-level, German, with one reply
COMMENT_REPLY = "01m6k29v00dem002"
COMMENT_PENDING = "01m6nb8e10dem004"
JSON = {"content-type": "application/json"}
BROWSER = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"}
STREAM_ARN = "arn:aws:dynamodb:eu-central-1:000000000000:table/haber/stream/2026-11-29T00:00:00.000"
serializer = TypeSerializer()

NEW_ARTICLE = {
    "source_lang": "de",
    "title": "Stadtrat beschließt neue Radwege für die Kölner Innenstadt",
    "summary": "Bis 2028 sollen zwölf Kilometer geschützte Radwege entstehen.",
    "body": "<p>Der Stadtrat hat ein Paket für <strong>geschützte Radwege</strong> beschlossen.</p>",
    "category": "politics",
    "tags": ["cologne", "transport"],
    "author": "Redaktion Haber",
}


MEDIA_BUCKET = "haber-media-000000000000-eu-central-1-local"  # MediaBucket's name in the local stack
DEMO_MEDIA = {
    "pk": f"MEDIA#{DEMO_IMAGE}",
    "sk": "MEDIA",
    "type": "media",
    "id": DEMO_IMAGE,
    "status": "ready",
    "content_type": "image/jpeg",
    "width": 1280,
    "height": 800,
    "placeholder": "#4d614d",
    "focal": {"x": Decimal("0.5"), "y": Decimal("0.5")},
    "rendered_focal": {"x": Decimal("0.5"), "y": Decimal("0.5")},
    "renditions": [
        {
            "key": f"images/{DEMO_IMAGE}/0a1b2c3d4e5f60718293.jpg",
            "crop": "original",
            "format": "jpeg",
            "width": 1280,
            "height": 800,
            "bytes": 90000,
        },
        {
            "key": f"images/{DEMO_IMAGE}/1a1b2c3d4e5f60718293.jpg",
            "crop": "preview",
            "format": "jpeg",
            "width": 1200,
            "height": 630,
            "bytes": 80000,
        },
    ],
    "source_lang": "de",
    "source_hash": "a",
    "texts": {"de": {"alt": "Symbolbild", "origin": "source", "source_hash": "a"}},
    "used_by": {DEMO_ARTICLE},
}


def demo_image_file() -> str:
    """The demo lead image's smallest WebP, as the processor names it (Pillow encodes alike)."""
    article = json.loads((ROOT / "devstack/seed/demo.json").read_text(encoding="utf-8"))["articles"][0]
    data, content_type = pictures(article)["lead"]
    result = imaging.render(imaging.pixels(data, content_type, 50_000_000), {"x": 0.5, "y": 0.5})
    first = result.renditions[0]
    return f"{first.digest}.{first.extension}"


def samples() -> dict[str, dict[str, Any]]:
    return {
        "articles/languages.json": _event("GET", "/languages"),
        "articles/list.json": _event("GET", "/articles", query="lang=tr&limit=3"),
        "articles/list-by-category.json": _event("GET", "/articles", query="lang=en&category=economy"),
        "articles/get.json": _event(
            "GET", "/articles/{id}", {"id": DEMO_ARTICLE}, headers={"accept-language": "tr-TR,tr;q=0.9,de;q=0.5"}
        ),
        "articles/get-by-slug.json": _event(
            "GET", "/articles/by-slug/{lang}/{slug}", {"lang": "tr", "slug": DEMO_SLUG_TR}
        ),
        "articles/related.json": _event("GET", "/articles/{id}/related", {"id": DEMO_ARTICLE}, query="lang=de&limit=3"),
        "articles/categories.json": _event("GET", "/categories", query="lang=tr"),
        "articles/authors.json": _event("GET", "/authors", query="lang=de"),
        "articles/author.json": _event("GET", "/authors/{id}", {"id": "elif-karahan"}, query="lang=en"),
        "articles/tags.json": _event("GET", "/tags", query="lang=tr"),
        "articles/tag.json": _event("GET", "/tags/{id}", {"id": "small-business"}, query="lang=tr"),
        "articles/list-by-author.json": _event("GET", "/articles", query="author=elif-karahan&lang=de"),
        "articles/openapi.json": _event("GET", "/openapi.json"),
        "articles/create.json": _event("POST", "/articles", body=NEW_ARTICLE, claims=EDITOR),
        "articles/update.json": _event(
            "PUT",
            "/articles/{id}",
            {"id": DEMO_ARTICLE},
            body={"tags": ["cologne", "cycling"]},
            claims=EDITOR,
            headers={"if-match": '"v1"'},
        ),
        "articles/unpublish.json": _event("DELETE", "/articles/{id}", {"id": DEMO_ARTICLE}, claims=EDITOR),
        "articles/newsroom.json": _event("GET", "/newsroom/articles", query="status=published&limit=5", claims=EDITOR),
        "articles/newsroom-get.json": _event(
            "GET", "/newsroom/articles/{id}", {"id": MACHINE_ARTICLE}, query="lang=tr", claims=EDITOR
        ),
        "articles/approve.json": _event(
            "POST",
            "/articles/{id}/translations/{lang}/approve",
            {"id": MACHINE_ARTICLE, "lang": "tr"},
            claims=EDITOR,
            headers={"if-match": '"v1"'},
        ),
        "articles/correction.json": _event(
            "POST",
            "/articles/{id}/corrections",
            {"id": "demogurbetposta4"},
            body={"lang": "tr", "text": "Haberin ilk hâlinde teslimat sayısı yanlış verilmişti; doğrusu 40'tır."},
            claims=EDITOR,
        ),
        "articles/preview.json": _event("POST", "/articles/{id}/preview", {"id": MACHINE_ARTICLE}, claims=EDITOR),
        "articles/revisions.json": _event("GET", "/articles/{id}/revisions", {"id": MACHINE_ARTICLE}, claims=EDITOR),
        "articles/revision.json": _event(
            "GET", "/articles/{id}/revisions/{number}", {"id": MACHINE_ARTICLE, "number": "2"}, claims=EDITOR
        ),
        "articles/revision-diff.json": _event(
            "GET",
            "/articles/{id}/revisions/{number}/diff",
            {"id": MACHINE_ARTICLE, "number": "2"},
            query="against=1",
            claims=EDITOR,
        ),
        "articles/restore.json": _event(
            "POST",
            "/articles/{id}/revisions/{number}/restore",
            {"id": "demosonnenallee3", "number": "1"},
            claims=EDITOR,
            headers={"if-match": '"v1"'},
        ),
        "site/choose-language.json": _event("GET", "/", headers={"accept-language": "tr-TR,tr;q=0.9"}),
        "site/home.json": _event("GET", "/{page+}", {"page": "de/"}),
        "site/article.json": _event("GET", "/{page+}", {"page": f"tr/{DEMO_SLUG_TR}"}),
        "site/feed.json": _event("GET", "/{page+}", {"page": "en/rss.xml"}),
        "site/sitemap.json": _event("GET", "/{page+}", {"page": "sitemap.xml"}),
        "site/author.json": _event("GET", "/{page+}", {"page": "de/autor/elif-karahan"}),
        "site/tag.json": _event("GET", "/{page+}", {"page": "tr/etiket/kucuk-isletmeler"}),
        "comments/list.json": _event("GET", "/articles/{id}/comments", {"id": DEMO_ARTICLE}, query="limit=10"),
        "comments/list-newest.json": _event(
            "GET", "/articles/{id}/comments", {"id": DEMO_ARTICLE}, query="order=newest&limit=10"
        ),
        "comments/replies.json": _event(
            "GET", "/articles/{id}/comments/{comment_id}/replies", {"id": DEMO_ARTICLE, "comment_id": COMMENT_APPROVED}
        ),
        "comments/post.json": _event(
            "POST",
            "/articles/{id}/comments",
            {"id": DEMO_ARTICLE},
            body={"author": "Leyla", "text": "Harika bir fikir, Kalk'ta da olmalı.", "lang": "tr"},
            headers={"idempotency-key": "sample-comment-0001"},
        ),
        "comments/post-reply.json": _event(
            "POST",
            "/articles/{id}/comments",
            {"id": DEMO_ARTICLE},
            body={"author": "Jan", "text": "Stimmt, vor allem morgens.", "parent_id": COMMENT_APPROVED},
        ),
        "comments/moderation-queue.json": _event("GET", "/comments", query="status=pending", claims=MODERATOR),
        "comments/approve.json": _event(
            "POST",
            "/articles/{id}/comments/{comment_id}/approve",
            {"id": DEMO_ARTICLE, "comment_id": COMMENT_PENDING},
            claims=MODERATOR,
        ),
        "comments/reject.json": _event(
            "POST",
            "/articles/{id}/comments/{comment_id}/reject",
            {"id": DEMO_ARTICLE, "comment_id": COMMENT_APPROVED},
            claims=MODERATOR,
        ),
        "comments/delete.json": _event(
            "DELETE",
            "/articles/{id}/comments/{comment_id}",
            {"id": DEMO_ARTICLE, "comment_id": COMMENT_REPLY},
            claims=MODERATOR,
        ),
        "counters/view.json": _event("POST", "/articles/{id}/views", {"id": DEMO_ARTICLE}, headers=BROWSER),
        "counters/reaction-add.json": _event(
            "POST", "/articles/{id}/reactions", {"id": DEMO_ARTICLE}, body={"type": "like"}, headers=BROWSER
        ),
        "counters/reaction-remove.json": _event(
            "DELETE", "/articles/{id}/reactions/{type}", {"id": DEMO_ARTICLE, "type": "like"}, headers=BROWSER
        ),
        "counters/share.json": _event(
            "POST", "/articles/{id}/shares", {"id": DEMO_ARTICLE}, body={"network": "whatsapp"}
        ),
        "counters/stats.json": _event("GET", "/articles/{id}/stats", {"id": DEMO_ARTICLE}),
        "counters/stats-many.json": _event("GET", "/stats", query=f"ids={DEMO_ARTICLE},demokoelnsimit27"),
        "counters/popular.json": _event("GET", "/articles/popular", query="lang=de&window=week&limit=5"),
        "counters/stream-markers.json": stream_event(
            [
                (
                    "INSERT",
                    {
                        "pk": f"VIEW#{DEMO_ARTICLE}#2026-11-29#3f2a",
                        "sk": "VIEW",
                        "type": "view",
                        "article_id": DEMO_ARTICLE,
                        "visitors": {"9b1c"},
                    },
                ),
                (
                    "INSERT",
                    {
                        "pk": f"SHARE#{DEMO_ARTICLE}#x#2026-11-29#9b1c",
                        "sk": "SHARE",
                        "type": "share",
                        "network": "x",
                        "article_id": DEMO_ARTICLE,
                    },
                ),
                (
                    "MODIFY",
                    {
                        "pk": f"REACTION#{DEMO_ARTICLE}#like#2026-11-29#3f2a",
                        "sk": "REACTION",
                        "type": "reaction",
                        "kind": "like",
                        "article_id": DEMO_ARTICLE,
                        "visitors": {"9b1c", "77ab"},
                    },
                    {
                        "pk": f"REACTION#{DEMO_ARTICLE}#like#2026-11-29#3f2a",
                        "sk": "REACTION",
                        "type": "reaction",
                        "kind": "like",
                        "article_id": DEMO_ARTICLE,
                        "visitors": {"9b1c"},
                    },
                ),
            ],
            shard="shardId-00000001795910400000-5a1c0de1",
        ),
        "translation/i18n.json": _event("GET", "/i18n/{lang}", {"lang": "tr"}),
        "translation/put-translation.json": _event(
            "PUT",
            "/articles/{id}/translations/{lang}",
            {"id": DEMO_ARTICLE, "lang": "en"},
            body={
                "title": "Keupstrasse traders share cargo bikes",
                "summary": "Twelve shops, one fleet.",
                "body": "<p>…</p>",
            },
            claims=EDITOR,
        ),
        "translation/refresh.json": _event(
            "POST", "/articles/{id}/translations/{lang}/refresh", {"id": DEMO_ARTICLE, "lang": "tr"}, claims=EDITOR
        ),
        "translation/get-glossary.json": _event("GET", "/glossary", claims=EDITOR),
        "translation/put-glossary.json": _event(
            "PUT",
            "/glossary",
            body={
                "protected": ["OpenAI", "Moonshot AI", "DeepSeek R1"],
                "terms": {"de>en": {"KI": "AI"}, "de>tr": {"KI": "yapay zekâ"}},
            },
            claims=EDITOR,
        ),
        "translation/stream-tag-change.json": stream_event(
            [
                (
                    "MODIFY",
                    {
                        "pk": "TAGS",
                        "sk": "cologne",
                        "type": "tag",
                        "id": "cologne",
                        "source_lang": "de",
                        "source_hash": "3f5b1c1de0b4a7a2",
                        "texts": {
                            "de": {"text": "Köln", "origin": "source", "slug": "koeln"},
                            "tr": {"text": "Köln", "origin": "human", "slug": "koln"},
                            "en": {"text": "Cologne", "origin": "human", "slug": "cologne"},
                        },
                        "version": 2,
                    },
                )
            ]
        ),
        "translation/stream-source-change.json": stream_event(
            [
                (
                    "INSERT",
                    {
                        "pk": f"ARTICLE#{DEMO_ARTICLE}",
                        "sk": "LANG#de",
                        "type": "rendition",
                        "origin": "source",
                        "lang": "de",
                    },
                )
            ]
        ),
        "search/search.json": _event("GET", "/search", query="q=koln&lang=tr&limit=5"),
        "search/search-newest.json": _event("GET", "/search", query="q=%22Keup%20Kargo%22&lang=de&sort=newest"),
        "search/stream-article-change.json": stream_event(
            [("MODIFY", {"pk": f"ARTICLE#{DEMO_ARTICLE}", "sk": "META", "id": DEMO_ARTICLE, "status": "published"})]
        ),
        "cdn/stream-article-unpublished.json": stream_event(
            [
                (
                    "MODIFY",
                    {"pk": f"ARTICLE#{DEMO_ARTICLE}", "sk": "META", "id": DEMO_ARTICLE, "status": "unpublished"},
                    {
                        "pk": f"ARTICLE#{DEMO_ARTICLE}",
                        "sk": "META",
                        "id": DEMO_ARTICLE,
                        "status": "published",
                        "cards": {"de": {"slug": "keup-kargo"}, "tr": {"slug": "keup-kargo-tr"}},
                    },
                )
            ]
        ),
        "media/create.json": _event(
            "POST",
            "/media",
            body={"filename": "rhein.jpg", "content_type": "image/jpeg", "size": 2_400_000},
            claims=EDITOR,
        ),
        "media/list.json": _event("GET", "/media", query="status=ready&limit=5", claims=EDITOR),
        "media/get.json": _event("GET", "/media/{id}", {"id": DEMO_IMAGE}, claims=EDITOR),
        "media/update.json": _event(
            "PUT",
            "/media/{id}",
            {"id": DEMO_IMAGE},
            body={"lang": "de", "alt": "Lastenräder vor der Keupstraße", "focal": {"x": 0.4, "y": 0.5}},
            claims=EDITOR,
        ),
        "media/delete.json": _event("DELETE", "/media/{id}", {"id": SPARE_IMAGE}, claims=EDITOR),
        "media/image.json": _event("GET", "/images/{id}/{file}", {"id": DEMO_IMAGE, "file": demo_image_file()}),
        "media/upload.json": {
            "Records": [
                object_created(
                    MEDIA_BUCKET,
                    {
                        "Key": f"originals/{SPARE_IMAGE}",
                        "Size": 1,
                        "ETag": '"0"',
                        "LastModified": "2026-11-29T00:00:00+00:00",
                    },
                )
            ]
        },
        "media/stream-media-change.json": stream_event(
            [
                (
                    "MODIFY",
                    {
                        **DEMO_MEDIA,
                        "version": 5,
                        "texts": {"de": {"alt": "Lastenräder", "origin": "source", "source_hash": "b"}},
                    },
                    {**DEMO_MEDIA, "version": 4},
                )
            ]
        ),
        "articles/put-category.json": _event(
            "PUT",
            "/categories/{id}",
            {"id": "science"},
            body={"names": {"de": "Wissenschaft", "tr": "Bilim", "en": "Science"}},
            claims=EDITOR,
        ),
        "articles/put-author.json": _event(
            "PUT",
            "/authors/{id}",
            {"id": "deniz-arslan"},
            body={
                "name": "Deniz Arslan",
                "bio": {"tr": "Deniz Arslan Berlin'den siyaset haberleri yazıyor."},
                "same_as": ["https://example.org/team/deniz-arslan"],
            },
            claims=EDITOR,
        ),
        "articles/put-tag.json": _event(
            "PUT", "/tags/{id}", {"id": "elections"}, body={"names": {"de": "Wahlen", "tr": "Seçimler"}}, claims=EDITOR
        ),
    }


def _event(
    method: str,
    template_path: str,
    path_parameters: dict[str, str] | None = None,
    query: str = "",
    headers: dict[str, str] | None = None,
    body: dict[str, Any] | None = None,
    claims: dict[str, str] | None = None,
) -> dict[str, Any]:
    path = template_path
    for name, value in (path_parameters or {}).items():
        path = path.replace(f"{{{name}}}", value).replace(f"{{{name}+}}", value)
    route = Route(method, template_path, "", None)
    all_headers = {"host": "127.0.0.1:3000", "user-agent": "curl/8.5.0", **(JSON if body else {}), **(headers or {})}
    payload = json.dumps(body, ensure_ascii=False).encode() if body else b""
    event = http_event(route, path, path_parameters or {}, query, all_headers, payload, claims)
    event["requestContext"]["requestId"] = f"sample-{method.lower()}-{len(path)}"
    event["requestContext"]["timeEpoch"] = 1795910400000
    event["requestContext"]["time"] = "29/Nov/2026:00:00:00 +0000"
    return event


def stream_event(changes: list[tuple[Any, ...]], shard: str | None = None) -> dict[str, Any]:
    """A DynamoDB stream batch in Lambda's format, NEW_AND_OLD_IMAGES, from (event name,
    item) pairs; a MODIFY has the new item, then the old one. With a shard: as a mapping
    with a tumbling window sends it (the first window of the samples' day)."""
    records = []
    for number, (name, item, *before) in enumerate(changes, start=1):
        image = {key: _serialized(value) for key, value in item.items()}
        change: dict[str, Any] = {
            "ApproximateCreationDateTime": 1795910400,
            "Keys": {"pk": image["pk"], "sk": image["sk"]},
            "SequenceNumber": f"{4000000000000000000000 + number}",
            "SizeBytes": 120,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        }
        change["OldImage" if name == "REMOVE" else "NewImage"] = image
        if before:
            change["OldImage"] = {key: _serialized(value) for key, value in before[0].items()}
        records.append(
            {
                "eventID": f"sample-{number:04d}",
                "eventName": name,
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": "eu-central-1",
                "dynamodb": change,
                "eventSourceARN": STREAM_ARN,
            }
        )
    if shard:
        return windowed(records, shard, STREAM_ARN, (1795910400, 900), {})
    return {"Records": records}


def _serialized(value: Any) -> Any:
    """DynamoDB JSON, with sets in a stable order (a set's own order changes per process)."""
    if isinstance(value, set):
        return {"SS": sorted(value)}
    return serializer.serialize(value)


def write_samples() -> list[Path]:
    written = []
    for name, event in samples().items():
        path = EVENTS / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(event, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
