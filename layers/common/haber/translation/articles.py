"""Machine translation of articles, at write time (the stream), never on the read path.

Title, summary and each body block are segments (segments.py); the memory (memory.py)
means an edit of one paragraph sends only that paragraph to the provider. Human
translations are never overwritten; they are shown as stale when their source changes.
"""

from datetime import timedelta

from haber import articles
from haber.platform import clock, keys, languages
from haber.platform.errors import BadRequest, NotFound, field_error
from haber.platform.ids import check_article_id
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Request
from haber.translation import memory, providers, store
from haber.translation.budget import BudgetSpent
from haber.translation.glossary import glossary
from haber.translation.records import RefreshQueued
from haber.translation.segments import body_blocks, rebuild_body

REFRESH_REQUEST_HOURS = 24


def request_refresh(article_id: str, lang: str) -> RefreshQueued:
    """Queue a fresh machine translation through the stream (the worker picks it up)."""
    check_article_id(article_id)
    languages.check(lang)
    meta = articles.metadata(article_id)
    if not meta:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    if lang == meta["source_lang"]:
        raise BadRequest(
            "The source language is not translated.",
            [field_error("lang", "is the source language")],
            code="translation_is_source",
        )
    expires = int((clock.now() + timedelta(hours=REFRESH_REQUEST_HOURS)).timestamp())
    request: Request = {
        **keys.refresh_request(article_id, lang),
        "type": "translation_request",
        "only": lang,
        "force": True,
    }
    store.request_refresh({**request, "requested_at": clock.now_iso(), "expires_at": expires})
    return {"id": article_id, "lang": lang, "status": "queued"}


def translate_article(article_id: str, only: str | None = None, force: bool = False) -> dict[str, str]:
    """Bring the article's machine translations up to date; returns what happened per language."""
    if providers.primary_name() is None:
        return {}  # machine translation is off: articles are served in their source language
    article = articles.load(article_id, with_tags=True)
    if article is None:
        return {}
    meta = article.meta
    source_lang = meta["source_lang"]
    source = article.texts[source_lang]
    if source["source_hash"] != meta["source_hash"]:
        return {}  # a newer edit is on its way through the stream
    rules = glossary()
    outcome: dict[str, str] = {}
    for target in [only] if only else [lang for lang in languages.supported() if lang != source_lang]:
        existing = article.texts.get(target)
        if existing and existing["origin"] == "human" and not force:
            outcome[target] = "human"
            continue
        if (
            existing
            and existing["origin"] == "machine"
            and existing["source_hash"] == meta["source_hash"]
            and existing.get("glossary_version") == rules["version"]
            and not force
        ):
            outcome[target] = "current"
            continue
        blocks = body_blocks(source["body"])
        try:
            provider, translated = memory.translate(
                [source["title"], source["summary"], *blocks], source_lang, target, rules
            )
        except BudgetSpent:
            logger.warning(
                "Monthly translation budget spent; articles stay in their source language",
                extra={"article_id": article_id},
            )
            metrics.add_metric(name="TranslationBudgetExhausted", unit="Count", value=1)
            outcome[target] = "budget_spent"
            continue
        except providers.ProviderUnavailable as error:  # the other languages go on
            logger.warning(
                "Translation unavailable", extra={"article_id": article_id, "lang": target, "error": str(error)}
            )
            outcome[target] = "unavailable"
            continue
        text = articles.ArticleText(
            type=source["type"],
            lang=target,
            title=translated[0],
            summary=translated[1],
            body=rebuild_body(source["body"], dict(zip(blocks, translated[2:], strict=True))),
            origin="machine",
            provider=provider,
            source_hash=meta["source_hash"],
            glossary_version=rules["version"],
            updated_at=clock.now_iso(),
            slug=existing["slug"] if existing else articles.slugify(translated[0], target),
        )
        outcome[target] = articles.save_machine_text(article, text, force)
    missing = [lang for lang, result in outcome.items() if result == "unavailable"]
    if missing:  # the record is retried; the languages done by now are "current" then
        raise providers.ProviderUnavailable(f"no translation of {article_id} into {', '.join(missing)} for now")
    return outcome
