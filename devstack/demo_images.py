"""The demo articles' images, drawn with Pillow (nothing is downloaded) and put through
the real path: announced (POST /media's code), uploaded with the presigned form, made
into renditions by the media processor, described in three languages."""

import io
import random
from typing import Any

import requests
from PIL import Image, ImageDraw

from devstack.runtime import Runtime
from devstack.uploads import object_created
from haber import media
from haber.media import files, imaging, processor
from haber.platform import keys, storage
from haber.platform.db import get

LEAD_SIZE, FIGURE_SIZE = (1280, 800), (960, 600)


def lead_picture(colors: list[str], seed: str) -> bytes:
    """A "photo": a gradient with soft circles, as a JPEG."""
    width, height = LEAD_SIZE
    shade = Image.linear_gradient("L").resize(LEAD_SIZE)
    picture = Image.composite(Image.new("RGB", LEAD_SIZE, colors[0]), Image.new("RGB", LEAD_SIZE, "black"), shade)
    draw = ImageDraw.Draw(picture)
    shapes = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    for number in range(14):
        radius = shapes.randint(40, 220)
        x, y = shapes.randint(0, width), shapes.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colors[1 + number % 2])
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def chart(colors: list[str], bars: list[int]) -> bytes:
    """A bar chart, as a PNG with a transparent background."""
    width, height = FIGURE_SIZE
    picture = Image.new("RGBA", FIGURE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    slot = width // (len(bars) + 1)
    for number, value in enumerate(bars):
        top = height - 80 - int((height - 160) * value / max(bars))
        left = slot // 2 + number * slot + slot // 4
        draw.rectangle((left, top, left + slot // 2, height - 80), fill=colors[1 + number % 2])
    draw.line((40, height - 80, width - 40, height - 80), fill=colors[0], width=6)
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def pictures(article: dict[str, Any]) -> dict[str, tuple[bytes, str]]:
    spec = article["images"]
    return {
        "lead": (lead_picture(spec["colors"], article["id"]), "image/jpeg"),
        "figure": (chart(spec["colors"], spec["bars"]), "image/png"),
    }


def media_id(article_id: str, role: str) -> str:
    """Demo images have fixed ids, like the demo articles (demokeupkargo2ks → keupkargo2leadim)."""
    return article_id[4:14] + ("leadim" if role == "lead" else "figure")


SPARE = "sparelibraryimag"  # in the library, in no article: one an editor may delete


def add_images(runtime: Runtime, article: dict[str, Any], editor: str) -> dict[str, str]:
    """Upload, process and describe an article's images; returns {role: media id}."""
    made = {}
    for role, (data, content_type) in pictures(article).items():
        made[role] = media_id(article["id"], role)
        name = f"{article['id']}-{role}"
        add_image(
            runtime, made[role], name, (data, content_type), article["images"][role], article["source_lang"], editor
        )
    return made


def add_spare(runtime: Runtime, article: dict[str, Any], editor: str) -> None:
    data, content_type = pictures(article)["lead"]
    texts = {lang: {"alt": text["alt"]} for lang, text in article["images"]["lead"].items()}
    add_image(runtime, SPARE, "spare-lead", (data, content_type), texts, article["source_lang"], editor)


def add_image(
    runtime: Runtime,
    new_id: str,
    filename: str,
    picture: tuple[bytes, str],
    texts: dict[str, dict[str, str]],
    source: str,
    editor: str,
) -> None:
    """One image, or what an interrupted seed left of it: announced, uploaded and processed,
    described; each step unless done."""
    data, content_type = picture
    with runtime.environment("MediaFunction"):
        found = get(keys.media(new_id))
        if found is not None and found["status"] != "pending" and (found["status"] != "ready" or found.get("texts")):
            return  # ready and described (or refused)
        upload: Any = None
        if found is None:
            announced = media.create(
                media.MediaCreate(filename=filename, content_type=content_type, size=len(data)), editor, media_id=new_id
            )
            upload = announced["upload"]
        elif found["status"] == "pending":  # announced, and its upload lost with the in-memory S3
            upload = files.upload_form(new_id, content_type, len(data))
    if upload is not None:
        answer = requests.post(
            upload["url"], data=upload["fields"], files={"file": (filename, data, content_type)}, timeout=10
        )
        answer.raise_for_status()
        bucket = upload["url"].rstrip("/").rsplit("/", 1)[-1]
        item = {"Key": upload["fields"]["key"], "Size": len(data), "ETag": "seed", "LastModified": ""}
        runtime.invoke("MediaProcessorFunction", {"Records": [object_created(bucket, item)]})
    description = media.MediaUpdate.model_validate(
        {
            "lang": source,
            **texts[source],
            "translations": {lang: text for lang, text in texts.items() if lang != source},
            "credit": "Haber demo",
            "licence": "CC0 1.0",
        }
    )
    with runtime.environment("MediaFunction"):
        media.update(new_id, description, editor)


def restore(runtime: Runtime, demo_articles: list[dict[str, Any]]) -> int:
    """Put the demo images' files back where the local S3 lost them (it keeps them in
    memory): renditions are content-addressed and Pillow encodes alike, so redrawing and
    rendering again gives the same files under the same keys. Returns images restored."""
    restored = 0
    with runtime.environment("MediaProcessorFunction"):
        library = media.listing("ready", 50, None)["items"]
        settings = media.MediaSettings.load()
        by_name = {item["filename"]: item for item in library}
        for article in demo_articles:
            drawn = {f"{article['id']}-{role}": picture for role, picture in pictures(article).items()}
            if article is demo_articles[0]:
                drawn["spare-lead"] = drawn[f"{article['id']}-lead"]
            for name, (data, content_type) in drawn.items():
                item = by_name.get(name)
                if item is None or storage.fetch(settings.bucket, item["images"]["de"]["src"].split("/", 3)[-1]):
                    continue
                pixels = imaging.pixels(data, content_type, settings.max_pixels)
                processor.store_renditions(item["id"], imaging.render(pixels, item["focal"]).renditions)
                files.keep_checked(item["id"], data, content_type)  # the same key: content-addressed
                restored += 1
    return restored
