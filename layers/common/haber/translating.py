"""Machine translation of articles, at write time (the stream), never on the read path.

Title, summary and each body block are segments. A translation memory keyed by
(source, target, provider, glossary version, segment hash) means an edit of one paragraph
sends only that paragraph to the provider. Human translations are never overwritten;
they are shown as stale when their source changes (haber/articles.py).
"""

import re
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit, single_metric
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from haber import keys, languages, providers
from haber.articles import check_id, load, now_iso
from haber.db import batch_get, plain, table
from haber.errors import BadRequest, NotFound, field_error
from haber.observability import logger, metrics
from haber.segments import TOKEN, Prepared, body_blocks, prepare, rebuild_body, restore
from haber.settings import get_settings
from haber.slugs import slugify, with_suffix

GLOSSARY_KEY = {"pk": "GLOSSARY", "sk": "CURRENT"}
TOKEN_OR_TEXT = re.compile(f"({TOKEN.pattern})")


class BudgetSpent(RuntimeError):
    pass


def glossary() -> dict[str, Any]:
    item = plain(table().get_item(Key=GLOSSARY_KEY).get("Item")) or {}
    return {
        "version": int(item.get("version", 0)),
        "protected": list(item.get("protected", [])),
        "terms": dict(item.get("terms", {})),
    }


def save_glossary(protected: list[str], terms: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Replace the glossary; the new version retranslates the segments it touches."""
    for pair in terms:
        for lang in pair.split(">"):
            languages.check(lang, f"terms.{pair}")
    item = table().update_item(
        Key=GLOSSARY_KEY,
        UpdateExpression="SET protected = :protected, terms = :terms ADD version :one",
        ExpressionAttributeValues={":protected": protected, ":terms": terms, ":one": 1},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    return {"version": int(plain(item)["version"]), "protected": protected, "terms": terms}


def request_refresh(article_id: str, lang: str) -> dict[str, Any]:
    """Queue a fresh machine translation through the stream (the worker picks it up)."""
    check_id(article_id)
    languages.check(lang)
    meta = table().get_item(Key={"pk": keys.article(article_id), "sk": keys.META}).get("Item")
    if not meta:
        raise NotFound(f"Article {article_id} does not exist.", code="article_not_found")
    if lang == meta["source_lang"]:
        raise BadRequest("The source language is not translated.", [field_error("lang", "is the source language")])
    expires = int(datetime.now(UTC).timestamp()) + 86400
    request = {"pk": keys.article(article_id), "sk": f"REFRESH#{lang}", "type": "translation_request"}
    table().put_item(Item={**request, "only": lang, "force": True, "requested_at": now_iso(), "expires_at": expires})
    return {"id": article_id, "lang": lang, "status": "queued"}


def translate_article(article_id: str, only: str | None = None, force: bool = False) -> dict[str, str]:
    """Bring the article's machine renditions up to date; returns what happened per language."""
    if providers.primary_name() is None:
        return {}  # machine translation is off: articles are served in their source language
    meta, renditions, tag_items = load(article_id, with_tags=True)
    if meta is None:
        return {}
    source_lang = meta["source_lang"]
    source = renditions[source_lang]
    if source["source_hash"] != meta["source_hash"]:
        return {}  # a newer edit is on its way through the stream
    rules = glossary()
    outcome: dict[str, str] = {}
    for target in [only] if only else [lang for lang in languages.supported() if lang != source_lang]:
        existing = renditions.get(target)
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
        try:
            provider, texts = _translate(
                [source["title"], source["summary"], *body_blocks(source["body"])], source_lang, target, rules
            )
        except BudgetSpent:
            logger.warning(
                "Monthly translation budget spent; articles stay in their source language",
                extra={"article_id": article_id},
            )
            metrics.add_metric(name="TranslationBudgetExhausted", unit="Count", value=1)
            outcome[target] = "budget_spent"
            continue
        blocks = dict(zip(body_blocks(source["body"]), texts[2:], strict=True))
        rendition = {
            "type": "rendition",
            "lang": target,
            "title": texts[0],
            "summary": texts[1],
            "body": rebuild_body(source["body"], blocks),
            "origin": "machine",
            "provider": provider,
            "source_hash": meta["source_hash"],
            "glossary_version": rules["version"],
            "updated_at": now_iso(),
            "slug": existing["slug"] if existing else slugify(texts[0], target),
        }
        outcome[target] = _store(meta, tag_items, rendition, new_slug=existing is None, force=force)
    return outcome


def _translate(segments: list[str], source: str, target: str, rules: dict[str, Any]) -> tuple[str, list[str]]:
    """Translations of the segments: from the memory where it has them, else the provider."""
    terms = rules["terms"].get(f"{source}>{target}", {})
    prepared = [prepare(segment, rules["protected"], terms) for segment in segments]
    provider = providers.primary_name()
    if provider is None:
        raise providers.ProviderUnavailable("TRANSLATION_PROVIDER is none")
    memory_key = {p.digest: _memory_key(source, target, provider, rules["version"], p) for p in prepared}
    remembered = {item["pk"]: item["text"] for item in batch_get(list(memory_key.values()))}
    missing = {p.digest: p for p in prepared if memory_key[p.digest]["pk"] not in remembered}
    if missing:
        _spend(sum(len(p.text) for p in missing.values()))
        used, answers = providers.translate([p.text for p in missing.values()], source, target)
        with single_metric(
            name="CharactersSent", unit=MetricUnit.Count, value=sum(len(p.text) for p in missing.values())
        ) as sent:
            sent.add_dimension(name="provider", value=used)
            sent.add_dimension(name="pair", value=f"{source}-{target}")
        learned = {}
        for p, answer in zip(missing.values(), answers, strict=True):
            text = restore(answer, p) or _fallback(p, source, target)
            learned[memory_key[p.digest]["pk"]] = text
        _remember(learned)
        remembered.update(learned)
        provider = used
    return provider, [remembered[memory_key[p.digest]["pk"]] for p in prepared]


def machine_strings(lang: str) -> dict[str, dict[str, Any]]:
    """Machine translations of UI strings for a language without a complete catalog."""
    response = table().query(KeyConditionExpression=Key("pk").eq(f"I18N#{lang}"))
    return {str(item["sk"]): item for item in response["Items"] if item["sk"] != "#REQUEST"}


def request_strings(lang: str) -> None:
    """Ask the worker (through the stream) to translate the UI strings a language lacks."""
    now = int(datetime.now(UTC).timestamp())
    try:
        table().put_item(
            Item={"pk": f"I18N#{lang}", "sk": "#REQUEST", "type": "i18n_request", "lang": lang, "requested_at": now},
            ConditionExpression="attribute_not_exists(pk) OR requested_at < :hour_ago",
            ExpressionAttributeValues={":hour_ago": now - 3600},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise


def translate_strings(lang: str) -> int:
    """Machine-translate the UI strings `lang` has neither curated nor current; returns how many."""
    from haber import i18n

    if providers.primary_name() is None or lang == i18n.SOURCE:
        return 0
    source, own, machine = i18n.curated(i18n.SOURCE), i18n.curated(lang), machine_strings(lang)
    wanted = [
        key
        for key in source
        if key not in own
        and not i18n.NEUTRAL.match(key)
        and machine.get(key, {}).get("source_hash") != i18n.source_hash(source[key])
    ]
    if not wanted:
        return 0
    provider, texts = _translate([source[key] for key in wanted], i18n.SOURCE, lang, glossary())
    with table().batch_writer() as batch:
        for key, text in zip(wanted, texts, strict=True):
            entry = {"pk": f"I18N#{lang}", "sk": key, "type": "i18n", "text": text, "origin": "machine"}
            batch.put_item(Item={**entry, "provider": provider, "source_hash": i18n.source_hash(source[key])})
    return len(wanted)


SEPARATOR = "\n\n⟦0⟧\n\n"  # joins short texts into one provider request; a token, so it survives


def translate_texts(texts: list[tuple[str, str]], target: str) -> dict[int, str]:
    """Translations of (language, plain text) pairs into `target`, by index: from the memory,
    the misses in one provider request per source language. Whatever cannot be translated
    now (no provider, provider down, budget spent) is left out, never an error."""
    if providers.primary_name() is None:
        return {}
    rules, found = glossary(), {}
    for source in {lang for lang, _ in texts if lang != target}:
        wanted = {index: text for index, (lang, text) in enumerate(texts) if lang == source}
        try:
            translated = _translate_joined(list(wanted.values()), source, target, rules)
        except (providers.ProviderUnavailable, BudgetSpent) as error:
            logger.warning("Comment translations left out", extra={"reason": str(error)})
            continue
        found.update(dict(zip(wanted, translated, strict=True)))
    return found


def _translate_joined(texts: list[str], source: str, target: str, rules: dict[str, Any]) -> list[str]:
    """Like _translate, but the misses travel as one request, split again afterwards."""
    terms = rules["terms"].get(f"{source}>{target}", {})
    prepared = [prepare(text, rules["protected"], terms) for text in texts]
    provider = str(providers.primary_name())
    keys_by_digest = {p.digest: _memory_key(source, target, provider, rules["version"], p) for p in prepared}
    remembered = {item["pk"]: item["text"] for item in batch_get(list(keys_by_digest.values()))}
    missing = [p for p in {p.digest: p for p in prepared}.values() if keys_by_digest[p.digest]["pk"] not in remembered]
    if missing:
        joined = SEPARATOR.join(p.text.replace("⟦", "⟦1") for p in missing)  # keep each text's tokens apart
        _spend(len(joined))
        _, (answer,) = providers.translate([joined], source, target)
        parts = [part.strip() for part in answer.split("⟦0⟧")]
        if len(parts) != len(missing):  # the provider lost a separator: one request per text
            _, parts = providers.translate([p.text.replace("⟦", "⟦1") for p in missing], source, target)
        learned = {}
        for p, part in zip(missing, parts, strict=True):
            learned[keys_by_digest[p.digest]["pk"]] = restore(part.replace("⟦1", "⟦"), p) or _fallback(
                p, source, target
            )
        _remember(learned)
        remembered.update(learned)
    return [remembered[keys_by_digest[p.digest]["pk"]] for p in prepared]


def _fallback(prepared: Prepared, source: str, target: str) -> str:
    """The provider bent a token: translate the text between the tokens piece by piece."""
    parts = TOKEN_OR_TEXT.split(prepared.text)
    texts = [part for part in parts if part.strip() and part not in prepared.restore]
    answers = iter(providers.translate(texts, source, target)[1] if texts else [])
    return "".join(
        prepared.restore[part] if part in prepared.restore else next(answers) if part.strip() else part
        for part in parts
    )


def _memory_key(source: str, target: str, provider: str, version: int, prepared: Prepared) -> dict[str, str]:
    return {"pk": f"TM#{source}#{target}#{provider}#{version}#{prepared.digest}", "sk": "TM"}


def _remember(learned: dict[str, str]) -> None:
    with table().batch_writer() as batch:
        for pk, text in learned.items():
            batch.put_item(Item={"pk": pk, "sk": "TM", "type": "tm", "text": text})


def _spend(characters: int) -> None:
    budget = get_settings().translation_budget
    if characters > budget:
        raise BudgetSpent(f"{characters} characters exceed the monthly budget of {budget}")
    key = {"pk": f"BUDGET#{datetime.now(UTC):%Y-%m}", "sk": "BUDGET"}
    try:
        table().update_item(
            Key=key,
            UpdateExpression="ADD characters :n",
            ConditionExpression="attribute_not_exists(characters) OR characters <= :room",
            ExpressionAttributeValues={":n": characters, ":room": budget - characters},
        )
    except ClientError as error:
        if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise BudgetSpent(f"{characters} characters would exceed the monthly budget of {budget}") from None
        raise


def _store(
    meta: dict[str, Any], tag_items: list[dict[str, Any]], rendition: dict[str, Any], new_slug: bool, force: bool
) -> str:
    """One transaction: the rendition, its slug claim, the cards of the listings."""
    name, lang = table().name, rendition["lang"]
    base = rendition["slug"]
    card = {field: rendition[field] for field in ("title", "summary", "slug", "origin")}
    for attempt in range(4):
        if new_slug:
            rendition["slug"] = card["slug"] = (
                with_suffix(base, attempt) if attempt < 3 else f"{base[:60]}-{meta['id'][:8]}"
            )
        put: dict[str, Any] = {"TableName": name, "Item": {"pk": meta["pk"], "sk": keys.rendition(lang), **rendition}}
        if not force:  # a human translation saved meanwhile wins
            put["ConditionExpression"] = "attribute_not_exists(pk) OR origin <> :human"
            put["ExpressionAttributeValues"] = {":human": "human"}
        items: list[dict[str, Any]] = [{"Put": put}]
        if new_slug:
            claim = {**keys.slug(lang, rendition["slug"]), "article_id": meta["id"], "lang": lang}
            items.append({"Put": {"TableName": name, "Item": claim, "ConditionExpression": "attribute_not_exists(pk)"}})
        cards = {"UpdateExpression": "SET cards.#lang = :card", "ExpressionAttributeNames": {"#lang": lang}}
        items.append(
            {
                "Update": {
                    "TableName": name,
                    "Key": {"pk": meta["pk"], "sk": keys.META},
                    **cards,
                    "ConditionExpression": "source_hash = :hash",
                    "ExpressionAttributeValues": {":card": card, ":hash": meta["source_hash"]},
                }
            }
        )
        for tag_item in tag_items:
            key = {"pk": tag_item["pk"], "sk": tag_item["sk"]}
            items.append(
                {"Update": {"TableName": name, "Key": key, **cards, "ExpressionAttributeValues": {":card": card}}}
            )
        try:
            table().meta.client.transact_write_items(TransactItems=items)  # type: ignore[arg-type]
            return "translated"
        except ClientError as error:
            reasons = error.response.get("CancellationReasons", [])
            codes = [reason.get("Code") for reason in reasons]
            if (
                len(codes) > 1
                and new_slug
                and codes[1] == "ConditionalCheckFailed"
                and codes[0] != "ConditionalCheckFailed"
            ):
                continue  # the slug is taken in that language: try the next
            if codes and codes[0] == "ConditionalCheckFailed":
                return "human"
            if "ConditionalCheckFailed" in codes:
                return "outdated"  # the source changed meanwhile; its own stream record follows
            raise
    raise RuntimeError(f"no free slug for {base!r}")
