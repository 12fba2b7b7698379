"""Every DynamoDB request of the articles domain, built in one place so the rule modules
(reading, editing, categories, machine texts) read as rules. docs/data-model.md has each
access pattern and its keys."""

from collections.abc import Iterator
from typing import Any, cast

from boto3.dynamodb.conditions import Attr, Key

from haber.articles import finding, review, snapshots
from haber.articles.records import (
    Article,
    ArticleText,
    Change,
    CorrectionItem,
    CorrectionText,
    Meta,
    RevisionEntry,
    TagEntry,
)
from haber.platform import clock, keys
from haber.platform.db import (
    Cancelled,
    Operation,
    Page,
    batch_get,
    get,
    plain,
    put_if,
    query_all,
    query_page,
    table,
    transact,
    update_if,
)
from haber.platform.shapes import Item, Request

LISTED = ("id", "source_lang", "category", "tags", "author", "published_at", "updated_at", "source_hash")  # tag entries
UPCOMING = "upcoming:"  # a category's entry for a scheduled article: upcoming:<id> = its published_at


# -- reading ---------------------------------------------------------------------------


def load(article_id: str, with_tags: bool = False) -> Article | None:
    """The article's item collection in one Query (tag entries sort after META, so without
    them the Query stops at META)."""
    condition: Any = Key("pk").eq(keys.article(article_id))
    if not with_tags:
        condition = condition & Key("sk").between(keys.CORRECTION_PREFIX, keys.META)
    return _decoded(query_all(KeyConditionExpression=condition))[0]


def load_with_totals(article_id: str) -> tuple[Article | None, Item]:
    """The whole item collection (the page's one Query): the article and the totals the
    counters keep beside it."""
    return _decoded(query_all(KeyConditionExpression=Key("pk").eq(keys.article(article_id))), article_id)


def _decoded(items: list[Item], article_id: str = "") -> tuple[Article | None, Item]:
    found = {item["sk"]: item for item in items}
    meta = found.get(keys.META)
    if meta is None:
        return None, {}
    images = found.get(keys.article_media("")["sk"], {}).get("images", {})
    texts = {item["lang"]: cast(ArticleText, item) for item in items if item["sk"].startswith(keys.TEXT_PREFIX)}
    tags = [cast(TagEntry, item) for item in items if item["sk"].startswith((keys.TAG_PREFIX, keys.AUTHOR_PREFIX))]
    corrections = [cast(CorrectionItem, item) for item in items if item["sk"].startswith(keys.CORRECTION_PREFIX)]
    totals = found.get(keys.stats(article_id)["sk"], {}) if article_id else {}
    return Article(cast(Meta, meta), texts, images, tags, corrections), totals


def meta(article_id: str) -> Meta | None:
    return cast(Meta | None, get(keys.meta(article_id)))


def metas(article_ids: list[str]) -> list[Meta]:
    """These articles' META items, those that exist (one request)."""
    return cast(list[Meta], batch_get([keys.meta(article_id) for article_id in article_ids]))


def slug_owner(lang: str, slug: str) -> str | None:
    """The id of the article that claimed this slug, if any."""
    claim = get(keys.slug(lang, slug))
    return str(claim["article_id"]) if claim else None


def _timeline(index: str, partition: str) -> Any:
    """Live entries of a listing index partition (later ones are scheduled)."""
    return Key(f"{index}pk").eq(partition) & Key(f"{index}sk").lte(keys.timeline_until(clock.now_iso()))


def timeline_page(index: str, partition: str, category: str | None, limit: int, start: str | None) -> Page:
    """A page of a timeline, newest first; `category` filters a tag's timeline."""
    request: Request = {
        "IndexName": index,
        "KeyConditionExpression": _timeline(index, partition),
        "ScanIndexForward": False,
    }
    if category:
        request["FilterExpression"] = Attr("category").eq(category)
    return query_page(request, limit, start, query_id=f"list|{partition}|{category or ''}")


def timeline_all(index: str, partition: str) -> list[Meta]:
    found = query_all(IndexName=index, KeyConditionExpression=_timeline(index, partition), ScanIndexForward=False)
    return cast(list[Meta], found)


def timeline_newest(index: str, partition: str, limit: int) -> list[Meta]:
    response = table().query(
        IndexName=index, KeyConditionExpression=_timeline(index, partition), ScanIndexForward=False, Limit=limit
    )
    return cast(list[Meta], plain(response["Items"]))


def newsroom_page(filters: Request, limit: int, start: str | None, query_id: str) -> Page:
    """A page of every article in any state, last changed first: one Query of gsi3 (a
    filter can leave a page shorter than `limit`; its cursor goes on)."""
    request: Request = {"IndexName": "gsi3", "KeyConditionExpression": Key("gsi3pk").eq(keys.NEWSROOM)}
    request["ScanIndexForward"] = False
    if filters:
        request["FilterExpression"] = filters
    return query_page(request, limit, start, query_id)


def unlisted_in_newsroom() -> Iterator[Item]:
    """The metadata of articles written before the newsroom's list: without its index keys or
    what it finds them by (a Scan, a page at a time; only the fields those are made of travel)."""
    request: Request = {
        "FilterExpression": Attr("sk").eq(keys.META)
        & Attr("pk").begins_with(keys.article(""))
        & (Attr("gsi3pk").not_exists() | Attr(finding.ATTRIBUTE).not_exists()),
        "ProjectionExpression": "id, updated_at, cards, author, tags",
    }
    while True:
        answer = table().scan(**request)
        yield from answer["Items"]
        if "LastEvaluatedKey" not in answer:
            return
        request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def list_in_newsroom(meta: Item) -> bool:
    """Give an article its place in the newsroom's list, unless a write gave it one meanwhile
    (a write changes `updated_at`)."""
    return update_if(
        keys.meta(str(meta["id"])),
        f"SET gsi3pk = :newsroom, gsi3sk = :order, {finding.ATTRIBUTE} = :find",
        "updated_at = :updated",
        newsroom=keys.NEWSROOM,
        order=keys.newsroom_order(str(meta["updated_at"]), str(meta["id"])),
        find=finding.text_of(meta.get("cards") or {}, str(meta.get("author", "")), list(meta.get("tags") or [])),
        updated=meta["updated_at"],
    )


def newsroom_filter(
    status: str | None,
    source_lang: str | None,
    category: str | None,
    author: str | None,
    words: list[str],
    in_review: tuple[str, list[str]] | None = None,
) -> Any:
    """The FilterExpression of the newsroom's list (None: none); `in_review`: a review state
    and the languages of which one at least must be in it."""
    now, parts = clock.now_iso(), list[Any](Attr(finding.ATTRIBUTE).contains(word) for word in words)
    if in_review:
        wanted, langs = in_review
        either: Any = None
        for lang in langs:
            one = in_state(f"cards.{lang}", wanted)
            either = one if either is None else either | one
        parts.append(either)
    if status in ("draft", "unpublished"):
        parts.append(Attr("status").eq(status))
    elif status == "published":
        parts.append(Attr("status").eq("published") & Attr("published_at").lte(now))
    elif status == "scheduled":
        parts.append(Attr("status").eq("published") & Attr("published_at").gt(now))
    for name, value in (("source_lang", source_lang), ("category", category), ("author", author)):
        if value:
            parts.append(Attr(name).eq(value))
    condition: Any = None
    for part in parts:
        condition = part if condition is None else condition & part
    return condition


def in_state(card: str, wanted: str) -> Any:
    """The condition that a language's card is in review state `wanted`, as review.state reads it."""
    made_from, current, origin = Attr(f"{card}.source_hash"), Attr("source_hash"), Attr(f"{card}.origin")
    # A card or an article from before source hashes were kept counts as current.
    if wanted == "outdated":
        return origin.exists() & origin.ne("source") & made_from.exists() & current.exists() & made_from.ne(current)
    up_to_date = made_from.not_exists() | current.not_exists() | made_from.eq(current)
    if wanted == "human":
        return origin.eq("human") & up_to_date
    approved = Attr(f"{card}.reviewed")
    return origin.eq("machine") & (approved.exists() if wanted == "reviewed" else approved.not_exists()) & up_to_date


def revision_page(article_id: str, limit: int, start: str | None) -> Page:
    """A page of an article's revisions, newest first, without their snapshots."""
    request: Request = {
        "KeyConditionExpression": Key("pk").eq(keys.revisions(article_id)),
        "ScanIndexForward": False,
        "ProjectionExpression": "pk, sk, revision, #at, #by, by_name, #action, langs, #fields",
        "ExpressionAttributeNames": {"#at": "at", "#by": "by", "#action": "action", "#fields": "fields"},
    }
    return query_page(request, limit, start, query_id=f"revisions|{article_id}")


def revisions(article_id: str, numbers: list[int]) -> dict[int, Item]:
    """These revisions of an article, those that exist, by number (one request)."""
    found = batch_get([keys.revision(article_id, number) for number in dict.fromkeys(numbers)])
    return {int(item["revision"]): item for item in found}


# -- writing ---------------------------------------------------------------------------


def write(change: Change, category_updates: dict[str, Request]) -> Cancelled | None:
    """The whole change in one transaction; the roles of what failed, if it did not go."""
    return transact(_operations(change, category_updates))


def _operations(change: Change, category_updates: dict[str, Request]) -> list[Operation]:
    meta, texts, old = change.meta, change.texts, change.old
    listed = meta["status"] == "published"
    sort_key = keys.timeline(meta["published_at"], meta["id"])
    stored = {name: value for name, value in meta.items() if name not in keys.INDEX_KEYS}
    item: Item = {**keys.meta(meta["id"]), "type": "article", **stored}
    item.update(gsi3pk=keys.NEWSROOM, gsi3sk=keys.newsroom_order(meta["updated_at"], meta["id"]))
    item[finding.ATTRIBUTE] = finding.text_of(meta["cards"], meta["author"], meta["tags"])
    if listed:
        item.update(
            gsi1pk=keys.PUBLISHED, gsi1sk=sort_key, gsi2pk=keys.category_index(meta["category"]), gsi2sk=sort_key
        )
    if old is None:
        operations: list[Operation] = [
            ("meta", {"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}})
        ]
    else:
        operations = [("meta", {"Put": {"Item": item, **_unchanged_since(old.meta)}})]
    operations.append(("revision", _revision_put(change)))
    for lang in sorted(change.changed):
        stored = {**keys.meta(meta["id"]), "sk": keys.text(lang), **texts[lang]}
        operations.append((f"text:{lang}", {"Put": {"Item": stored}}))
    for lang in sorted(change.new_slugs):
        operations.append((f"slug:{lang}", _slug_claim(meta["id"], lang, texts[lang]["slug"])))
    old_entries = {entry["sk"] for entry in (old.tag_entries if old else [])}
    timelines = [keys.tag(name) for name in meta["tags"]] + [keys.byline(name) for name in meta.get("authors") or []]
    new_entries = set(timelines) if listed else set()
    for entry_key in sorted(old_entries - new_entries):
        operations.append((f"untag:{entry_key}", {"Delete": {"Key": _entry_key(meta["id"], entry_key)}}))
    listing = {name: meta[name] for name in LISTED}  # type: ignore[literal-required]
    for entry_key in sorted(new_entries):
        entry = {**_entry_key(meta["id"], entry_key), "gsi1pk": entry_key, "gsi1sk": sort_key}
        operations.append((f"tag:{entry_key}", {"Put": {"Item": {**entry, **listing, "cards": meta["cards"]}}}))
    operations += change.also
    for category_id, update in category_updates.items():
        role = "category" if category_id == meta["category"] else f"category:{category_id}"
        operations.append((role, {"Update": {"Key": keys.category(category_id), **update}}))
    if not listed and (old is None or meta["category"] != old.meta["category"]):
        check = {"Key": keys.category(meta["category"]), "ConditionExpression": "attribute_exists(pk)"}
        operations.append(("category", {"ConditionCheck": check}))
    return operations


def _unchanged_since(old: Meta) -> Request:
    """The META it read is still there: same version, and no revision (a machine
    translation) went in between."""
    values: dict[str, object] = {":seen": old["version"]}
    if "revision" in old:
        values[":revision"] = old["revision"]
        return {"ConditionExpression": "version = :seen AND revision = :revision", "ExpressionAttributeValues": values}
    return {
        "ConditionExpression": "version = :seen AND attribute_not_exists(revision)",
        "ExpressionAttributeValues": values,
    }


def _revision_put(change: Change) -> Request:
    meta = change.meta
    entry = RevisionEntry(
        revision=meta.get("revision", 1),
        at=clock.now_iso(),
        by=change.by,
        action=change.action,
        langs=sorted(change.changed),
        fields=snapshots.changed_fields(change.old, meta, change.texts, change.changed),
    )
    if change.old is not None and len(change.corrections) > len(change.old.corrections):
        entry["fields"].append("corrections")
    if change.by_name:
        entry["by_name"] = change.by_name
    revision = snapshots.item(meta["id"], entry, meta, change.texts)
    return {"Put": {"Item": revision, "ConditionExpression": "attribute_not_exists(pk)"}}


def _entry_key(article_id: str, sort_key: str) -> dict[str, str]:
    """An article's entry in a tag's or an author's timeline: its sort key is that
    timeline's gsi1 partition (TAG#<tag>, AUTHOR#<author>)."""
    return {"pk": keys.article(article_id), "sk": sort_key}


def _slug_claim(article_id: str, lang: str, slug: str) -> Request:
    claim = {**keys.slug(lang, slug), "article_id": article_id, "lang": lang}
    return {"Put": {"Item": claim, "ConditionExpression": "attribute_not_exists(pk)"}}


def save_machine_text(
    article: Article, text: ArticleText, claim_slug: bool, force: bool, entry: RevisionEntry
) -> Cancelled | None:
    """A machine translation with its slug claim, its listing cards and its revision, in one
    transaction: never over a human translation (unless `force`), only while the source and
    the revision are as read (and, for a draft, while its slugs are still unclaimed)."""
    meta, lang = article.meta, text["lang"]
    put: Request = {"Item": {**keys.meta(meta["id"]), "sk": keys.text(lang), **text}}
    if not force:
        put["ConditionExpression"] = "attribute_not_exists(pk) OR origin <> :human"
        put["ExpressionAttributeValues"] = {":human": "human"}
    operations: list[Operation] = [("text", {"Put": put})]
    if claim_slug:
        operations.append(("slug", _slug_claim(meta["id"], lang, text["slug"])))
    card = review.card_of(text)
    cards = {"UpdateExpression": "SET cards.#lang = :card", "ExpressionAttributeNames": {"#lang": lang}}
    conditions = ["source_hash = :hash"]
    found_by = finding.text_of({**meta["cards"], lang: card}, meta["author"], meta["tags"])
    values: dict[str, object] = {
        ":card": card,
        ":hash": meta["source_hash"],
        ":next": entry["revision"],
        ":find": found_by,
    }
    if "revision" in meta:
        conditions.append("revision = :revision")
        values[":revision"] = meta["revision"]
    else:
        conditions.append("attribute_not_exists(revision)")
    if meta.get("slugs_claimed", True) is False:
        conditions.append("slugs_claimed = :unclaimed")
        values[":unclaimed"] = False
    source = {
        "Key": keys.meta(meta["id"]),
        **cards,
        "UpdateExpression": f"SET cards.#lang = :card, revision = :next, {finding.ATTRIBUTE} = :find",
        "ConditionExpression": " AND ".join(conditions),
        "ExpressionAttributeValues": values,
    }
    operations.append(("source", {"Update": source}))
    for tag_entry in article.tag_entries:
        key = {"pk": tag_entry["pk"], "sk": tag_entry["sk"]}
        operations.append(("tag", {"Update": {"Key": key, **cards, "ExpressionAttributeValues": {":card": card}}}))
    after = Meta(**{**meta, "revision": entry["revision"], "cards": {**meta["cards"], lang: card}})
    revision = snapshots.item(meta["id"], entry, after, {**article.texts, lang: text})
    operations.append(("revision", {"Put": {"Item": revision, "ConditionExpression": "attribute_not_exists(pk)"}}))
    return transact(operations)


def save_image_copy(article: Article, media_id: str, described: Item, entry: RevisionEntry) -> Cancelled | None:
    """An article's new copy of an image's description with the revision that records it, in
    one transaction: only over an older copy, and while the revision is as read."""
    meta = article.meta
    copy = {
        "Key": keys.article_media(meta["id"]),
        "UpdateExpression": "SET images.#id = :described",
        "ConditionExpression": "images.#id.version < :version",
        "ExpressionAttributeNames": {"#id": media_id},
        "ExpressionAttributeValues": {":described": described, ":version": described["version"]},
    }
    values: dict[str, object] = {":next": entry["revision"]}
    if "revision" in meta:
        values[":revision"] = meta["revision"]
    source = {
        "Key": keys.meta(meta["id"]),
        "UpdateExpression": "SET revision = :next",
        "ConditionExpression": "revision = :revision" if "revision" in meta else "attribute_not_exists(revision)",
        "ExpressionAttributeValues": values,
    }
    after = Meta(**{**meta, "revision": entry["revision"]})
    revision = snapshots.item(meta["id"], entry, after, article.texts)
    return transact(
        [
            ("images", {"Update": copy}),
            ("source", {"Update": source}),
            ("revision", {"Put": {"Item": revision, "ConditionExpression": "attribute_not_exists(pk)"}}),
        ]
    )


def correction_put(article_id: str, correction: CorrectionItem, suffix: str) -> Operation:
    item = {**keys.correction(article_id, correction["at"], suffix), "type": "correction", **correction}
    return ("correction", {"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}})


def add_correction_text(key: Item, lang: str, text: CorrectionText) -> bool:
    """A language of a correction, if it has none yet (a correction never changes)."""
    return update_if(
        {"pk": key["pk"], "sk": key["sk"]},
        "SET texts.#lang = :text",
        "attribute_exists(pk) AND attribute_not_exists(texts.#lang)",
        names={"#lang": lang},
        text=text,
    )


# -- authors and tags ------------------------------------------------------------------


def directory(partition: str) -> list[Item]:
    """Every author (or tag), by id."""
    return query_all(KeyConditionExpression=Key("pk").eq(partition))


def directory_item(key: Item) -> Item | None:
    return get(key)


def directory_items(wanted: list[Item]) -> dict[tuple[str, str], Item]:
    """These authors and tags, those that exist, by (pk, sk): one request."""
    return {(item["pk"], item["sk"]): item for item in batch_get(wanted)}


def directory_address(key: Item) -> Item | None:
    """An author's or a tag's slug item, read strongly consistent: a page is never behind its PUT."""
    found = table().get_item(Key=key, ConsistentRead=True).get("Item")
    return plain(found) if found else None


def put_directory_item(
    item: Item, seen_version: int | None, slugs: dict[str, str], left: dict[str, str]
) -> Cancelled | None:
    """The item and its addresses in one transaction, unless it changed since it was read
    (`seen_version`; None: it did not exist) or another holds one of its addresses now."""
    put: Request = {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}
    if seen_version is not None:
        put.update(ConditionExpression="version = :seen", ExpressionAttributeValues={":seen": seen_version})
    return transact([("item", {"Put": put}), *_address_puts(item, slugs, left)])


def save_directory_text(
    key: Item, lang: str, text: Item, source_hash: str, after: Item, slugs: dict[str, str], left: dict[str, str]
) -> Cancelled | None:
    """A machine text of an author's bio or a tag's name, while its source is the one it
    was made from and the item the version read (`after` is it with the text), and never
    over a human one; its addresses get the new copy in the same transaction."""
    update: Request = {
        "Key": {"pk": key["pk"], "sk": key["sk"]},
        "UpdateExpression": "SET texts.#lang = :text",
        "ConditionExpression": "source_hash = :hash AND version = :version"
        " AND (attribute_not_exists(texts.#lang) OR texts.#lang.origin = :machine)",
        "ExpressionAttributeNames": {"#lang": lang},
        "ExpressionAttributeValues": {
            ":text": text,
            ":hash": source_hash,
            ":version": after["version"],
            ":machine": "machine",
        },
    }
    return transact([("item", {"Update": update}), *_address_puts(after, slugs, left)])


def _address_puts(item: Item, slugs: dict[str, str], left: dict[str, str]) -> list[Operation]:
    """An author's (or tag's) slug item per language, holding a copy of it, and for each
    address it leaves one that names it (the page there sends readers on). Neither takes an
    address that is another's now; one another left may be taken."""
    kind, record = item["type"], {name: value for name, value in item.items() if name not in ("pk", "sk")}
    free: Request = {
        "ConditionExpression": "attribute_not_exists(#record) OR #id = :id",
        "ExpressionAttributeNames": {"#record": "record", "#id": "id"},
        "ExpressionAttributeValues": {":id": item["id"]},
    }
    operations: list[Operation] = []
    for role, addresses, copy in (("slug", slugs, {"record": record}), ("left", left, {})):
        for lang, slug in sorted(addresses.items()):
            entry = {**keys.directory_address(kind, lang, slug), "id": item["id"], "kind": kind, "lang": lang, **copy}
            operations.append((f"{role}:{lang}", {"Put": {"Item": {**entry, "slug": slug}, **free}}))
    return operations


def add_directory_address(item: Item, lang: str, slug: str) -> bool:
    """The slug item of an author or tag written before there were any (`make directory-slugs`),
    unless it has one."""
    record = {name: value for name, value in item.items() if name not in ("pk", "sk")}
    entry = {**keys.directory_address(item["type"], lang, slug), "id": item["id"], "kind": item["type"]}
    return put_if({**entry, "lang": lang, "slug": slug, "record": record})


def timeline_articles(partition: str) -> list[str]:
    """The ids of every article in an author's or tag's timeline, scheduled ones too."""
    found = query_all(IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(partition), ProjectionExpression="pk")
    return [keys.article_id_of(item["pk"]) for item in found]


def copies_on(article_ids: list[str], attribute: str, item_id: str) -> dict[str, object]:
    """What these articles keep of an author (or tag) now, by article id (one BatchGetItem
    per 100, only that copy read)."""
    projection: Request = {
        "ProjectionExpression": "id, #copies.#id",
        "ExpressionAttributeNames": {"#copies": attribute, "#id": item_id},
    }
    found = batch_get([keys.meta(article_id) for article_id in article_ids], projection=projection)
    return {str(item["id"]): (item.get(attribute) or {}).get(item_id) for item in found}


def refresh_copy(article_id: str, attribute: str, item_id: str, copy: object) -> None:
    """Put an author's (or tag's) current copy on an article that names it. Articles written
    before the copies existed get the attribute whole."""
    names = {"#copies": attribute, "#id": item_id}
    if update_if(keys.meta(article_id), "SET #copies.#id = :copy", "attribute_exists(#copies)", names, copy=copy):
        return
    update_if(
        keys.meta(article_id),
        "SET #copies = :copies",
        "attribute_exists(pk) AND attribute_not_exists(#copies)",
        names={"#copies": attribute},
        copies={item_id: copy},
    )


# -- categories ------------------------------------------------------------------------


def categories() -> list[Item]:
    found: list[Item] = plain(table().query(KeyConditionExpression=Key("pk").eq(keys.CATEGORIES))["Items"])
    return found


def put_category(category_id: str, names: dict[str, str]) -> Item:
    """Create or rename a category (its count starts at 0)."""
    item = table().update_item(
        Key=keys.category(category_id),
        UpdateExpression="SET #names = :names, article_count = if_not_exists(article_count, :zero), #type = :type",
        ExpressionAttributeNames={"#names": "names", "#type": "type"},
        ExpressionAttributeValues={":names": names, ":zero": 0, ":type": "category"},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    found: Item = plain(item)
    return found


def count_update(article_id: str, delta: int, upcoming: str | None, remove_upcoming: bool) -> Request | None:
    """A category's part of an article's transaction: its count moved by `delta`, the
    article's upcoming entry set to `upcoming` or removed. None if there is nothing to do."""
    clauses: list[str] = []
    values: dict[str, object] = {}
    if delta:
        clauses.append("ADD article_count :delta")
        values[":delta"] = delta
    if upcoming:
        clauses.append("SET #upcoming = :upcoming")
        values[":upcoming"] = upcoming
    elif remove_upcoming:
        clauses.append("REMOVE #upcoming")
    if not clauses:
        return None
    update: Request = {"UpdateExpression": " ".join(clauses), "ConditionExpression": "attribute_exists(pk)"}
    if upcoming or remove_upcoming:
        update["ExpressionAttributeNames"] = {"#upcoming": f"{UPCOMING}{article_id}"}
    if values:
        update["ExpressionAttributeValues"] = values
    return update


def upcoming_entries(category_id: str) -> dict[str, str]:
    """A category's upcoming entries (read consistently): attribute name → published_at."""
    item = table().get_item(Key=keys.category(category_id), ConsistentRead=True).get("Item") or {}
    return {name: str(value) for name, value in item.items() if name.startswith(UPCOMING)}


def remove_entries(category_id: str, entries: dict[str, str]) -> bool:
    """Remove these upcoming entries, each only if unchanged; False if any changed."""
    names = {f"#e{index}": name for index, name in enumerate(entries)}
    values = {f":e{index}": entries[name] for index, name in enumerate(entries)}
    try:
        table().update_item(
            Key=keys.category(category_id),
            UpdateExpression="REMOVE " + ", ".join(names),
            ConditionExpression=" AND ".join(f"{name} = :{name[1:]}" for name in names),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    except table().meta.client.exceptions.ConditionalCheckFailedException:
        return False
    return True
