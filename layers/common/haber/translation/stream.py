"""What the translation worker does with one stream record: a source text changed (an
article's, an image's, an author's bio or a tag's name), a fresh translation was asked for,
or a language lacks UI strings."""

from haber.platform import keys
from haber.platform.observability import logger
from haber.platform.shapes import Item
from haber.translation.articles import translate_article
from haber.translation.corrections import translate_correction
from haber.translation.directory import translate_directory_item
from haber.translation.images import translate_image_texts
from haber.translation.strings import translate_strings

# One record may take this long (a hung provider cannot hold up the rest of the batch);
# the worker's own timeout bounds the batch (platform.deadline).
RECORD_SECONDS = 30.0


def on_stream_record(image: Item | None) -> None:
    if not image:
        return
    if image.get("type") == "i18n_request":
        logger.info("UI strings translated", extra={"lang": image["lang"], "count": translate_strings(image["lang"])})
        return
    if image.get("type") == "media":
        outcome = translate_image_texts(image)
        if outcome:
            logger.info("Image texts translated", extra={"media_id": image["id"], "outcome": outcome})
        return
    if image.get("type") == "correction":
        outcome = translate_correction(image)
        if outcome:
            logger.info("Correction translated", extra={"correction": image["sk"], "outcome": outcome})
        return
    if image.get("type") in ("author", "tag"):
        outcome = translate_directory_item(image)
        logger.info("Author or tag translated", extra={"item": f"{image['type']}:{image['id']}", "outcome": outcome})
        return
    article_id = keys.article_id_of(str(image["pk"]))
    outcome = translate_article(article_id, only=image.get("only"), force=bool(image.get("force")))
    if outcome:  # empty when machine translation is off
        logger.info("Translated", extra={"article_id": article_id, "outcome": outcome})
