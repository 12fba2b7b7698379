"""Demo content for `make dev`: categories, authors, tags and six articles in de, tr and en,
each with a lead image and a figure."""

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from devstack import demo_images
from devstack.runtime import Runtime
from haber import articles, comments
from haber.platform import keys
from haber.platform.db import table

DEMO = Path(__file__).with_name("seed") / "demo.json"
EDITOR = "demo-seed"


def seed(runtime: Runtime, function: str = "ArticlesFunction") -> int:
    """Write the demo content unless the table already has categories; returns articles written."""
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    with runtime.environment(function):
        categories = {":pk": keys.CATEGORIES}
        if table().query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues=categories, Limit=1)["Items"]:
            demo_images.restore(runtime, demo["articles"])
            return 0
        for category in demo["categories"]:
            articles.categories.put(category["id"], category["names"])
        for author in demo["authors"]:
            body = {key: value for key, value in author.items() if key != "id"}
            articles.directory.put_author(author["id"], articles.AuthorPut.model_validate(body), EDITOR)
        for tag in demo["tags"]:
            articles.directory.put_tag(tag["id"], articles.TagPut.model_validate({"names": tag["names"]}), EDITOR)
        for article in demo["articles"]:
            images = demo_images.add_images(runtime, article, EDITOR)
            renditions = {
                lang: {**text, "body": with_figure(text["body"], images["figure"])}
                for lang, text in article["renditions"].items()
            }
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
            for lang in article.get("machine", []):  # as the translation worker leaves them: for review
                articles.save_machine_text(created, machine_text(created, lang, renditions[lang]), force=False)
        demo_images.add_spare(runtime, demo["articles"][0], EDITOR)
        seed_comments(demo["comments"])
    return len(demo["articles"])


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
    ids: dict[str, str] = {}
    for number, comment in enumerate(demo_comments):
        created = datetime.fromisoformat(comment["created_at"])
        parent = ids.get(comment.get("parent", ""))
        args = (comment["article_id"], comment["author"], comment["text"], comment["lang"], parent, f"demo-{number}")
        posted = comments.post(*args, created=created, id_suffix=comment["id_suffix"])
        ids[comment["id_suffix"]] = posted["id"]
        if comment["status"] == "approved" and posted["status"] == "pending":
            comments.moderate(comment["article_id"], posted["id"], "approve", EDITOR)
