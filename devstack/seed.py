"""Demo content for `make dev`: categories, authors, tags and six articles in de, tr and en,
each with a lead image and a figure.

All or nothing: a marker item (MARKER, devstack's own: no function reads it) says
"seeding" before the first write and "seeded" after the last. A start that finds
"seeding" (or, from before the marker, demo items without all the demo articles) finishes
the seed: every demo item has a fixed id, so each step looks for its item and writes only
what is missing (categories, authors, tags, images, articles, machine texts, comments,
their approval). Finishing, not clearing and seeding again: clearing would have to know
every item a write leaves besides its own (revisions, slug claims, listing copies,
comment threads, rate-limit windows, counts in the categories) and would take the
developer's edits of the demo with it. A table with articles or categories of its own and
no marker was filled by someone else: it is left as it is."""

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from devstack import demo_images
from devstack.runtime import Runtime
from haber import articles, comments
from haber.platform import keys
from haber.platform.db import get, query_all, table
from haber.platform.ids import new_comment_id

DEMO = Path(__file__).with_name("seed") / "demo.json"
EDITOR = "demo-seed"
MARKER = {"pk": "DEVSTACK", "sk": "SEED"}
SEEDING, SEEDED, THEIRS = "seeding", "seeded", "theirs"


def seed(runtime: Runtime, function: str = "ArticlesFunction") -> int:
    """Write the demo content, or what an interrupted seed left out; returns articles written."""
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    with runtime.environment(function):
        marker = get(MARKER)
        state = str(marker["state"]) if marker else unmarked_state(demo)
        if state != SEEDING:
            if state == SEEDED and not marker:
                mark(SEEDED)  # seeded in full by a version before the marker
            demo_images.restore(runtime, demo["articles"])
            return 0
        mark(SEEDING)
        for category in demo["categories"]:
            if get(keys.category(category["id"])) is None:
                articles.categories.put(category["id"], category["names"])
        for author in demo["authors"]:
            if get(keys.author(author["id"])) is None:
                body = {key: value for key, value in author.items() if key != "id"}
                articles.directory.put_author(author["id"], articles.AuthorPut.model_validate(body), EDITOR)
        for tag in demo["tags"]:
            if get(keys.tag_record(tag["id"])) is None:
                articles.directory.put_tag(tag["id"], articles.TagPut.model_validate({"names": tag["names"]}), EDITOR)
        written = sum(seed_article(runtime, article) for article in demo["articles"])
        demo_images.add_spare(runtime, demo["articles"][0], EDITOR)
        seed_comments(demo["comments"])
        demo_images.restore(runtime, demo["articles"])  # the files of images an earlier start made
        mark(SEEDED)
    return written


def unmarked_state(demo: dict[str, Any]) -> str:
    """A table without the marker: SEEDED (by a version before it), SEEDING (empty, or a
    seed to finish) or THEIRS (articles or categories of someone's own)."""
    demo_articles = {article["id"] for article in demo["articles"]}
    found = article_ids()
    if demo_articles <= found:
        return SEEDED  # they came last but for the spare image and the comments
    categories = {item["sk"] for item in query_all(KeyConditionExpression=Key("pk").eq(keys.CATEGORIES))}
    if found - demo_articles or categories - {category["id"] for category in demo["categories"]}:
        return THEIRS
    return SEEDING


def article_ids() -> set[str]:
    """Every article's id, in any state (a scan: once per table, before it is marked)."""
    request: dict[str, Any] = {
        "FilterExpression": Attr("sk").eq(keys.META) & Attr("pk").begins_with(keys.article("")),
        "ProjectionExpression": "pk",
    }
    found: set[str] = set()
    while True:
        response = table().scan(**request)
        found |= {keys.article_id_of(str(item["pk"])) for item in response["Items"]}
        if "LastEvaluatedKey" not in response:
            return found
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def mark(state: str) -> None:
    table().put_item(Item={**MARKER, "state": state})


def seed_article(runtime: Runtime, article: dict[str, Any]) -> bool:
    """The article with its images and machine texts, unless there; True if it was written."""
    images = demo_images.add_images(runtime, article, EDITOR)
    renditions = {
        lang: {**text, "body": with_figure(text["body"], images["figure"])}
        for lang, text in article["renditions"].items()
    }
    existing = articles.load(article["id"], with_tags=True)
    if existing is None:
        source = renditions[article["source_lang"]]
        data = articles.ArticleCreate.model_validate(
            {
                **{
                    key: article[key]
                    for key in ("source_lang", "category", "tags", "authors", "author", "published_at")
                },
                **source,
                "translations": {
                    lang: text
                    for lang, text in renditions.items()
                    if lang != article["source_lang"] and lang not in article.get("machine", [])
                },
                "image": images["lead"],
            }
        )
        created = articles.create(data, EDITOR, article_id=article["id"])
    else:
        created = existing
    for lang in article.get("machine", []):  # as the translation worker leaves them: for review
        if lang not in created.texts:
            articles.save_machine_text(created, machine_text(created, lang, renditions[lang]), force=False)
    return existing is None


def machine_text(article: articles.Article, lang: str, text: dict[str, str]) -> articles.ArticleText:
    return articles.ArticleText(
        type=articles.TEXT_TYPE,
        lang=lang,
        title=text["title"],
        summary=text["summary"],
        body=text["body"],
        slug=articles.slugify(text["title"], lang),
        origin="machine",
        provider="demo",
        source_hash=article.meta["source_hash"],
        glossary_version=0,
        updated_at=article.meta["updated_at"],
    )


def with_figure(body: str, media_id: str) -> str:
    """The figure after the body's first paragraph."""
    first, _, rest = body.partition("</p>")
    return f'{first}</p><figure data-media="{media_id}"></figure>{rest}'


def seed_comments(demo_comments: list[dict[str, Any]]) -> None:
    """The demo's comments, each unless there, and approved if the demo's is."""
    ids: dict[str, str] = {}
    for number, comment in enumerate(demo_comments):
        created = datetime.fromisoformat(comment["created_at"])
        # The id comments.post gives it: the time's 10 characters, then the demo's suffix.
        comment_id = new_comment_id(int(created.timestamp() * 1000))[:10] + comment["id_suffix"]
        ids[comment["id_suffix"]] = comment_id
        record = get(keys.comment_record(comment_id))
        if record is None:
            parent = ids.get(comment.get("parent", ""))
            args = (
                comment["article_id"],
                comment["author"],
                comment["text"],
                comment["lang"],
                parent,
                f"demo-{number}",
            )
            record = dict(comments.post(*args, created=created, id_suffix=comment["id_suffix"]))
        if comment["status"] == "approved" and record["status"] == "pending":
            comments.moderate(comment["article_id"], comment_id, "approve", EDITOR)
