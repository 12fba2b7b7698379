"""Authors and tags: things with a page in every language.

Each is one item in its own partition (AUTHORS, TAGS). Its texts (a tag's names, an
author's bio) are kept by language like an article's: the source, human translations, and
machine translations the worker adds for the languages left out. Articles name them by id
and keep a copy of what their byline and tag list show (`bylines`, `tag_names` on META),
made at each write and refreshed by the worker when an author or tag changes: reading an
article stays one request.

A tag an article names that was never PUT still works: it shows its id, and its page is at
its id (tags were bare slugs before they had names). An unknown author id is refused.

Each address (kind, language, slug) has an item of its own, written in the same transaction
as the item: the current one holds a copy of it, so a page finds it in one GetItem; one it
left by a rename names it, and its page sends readers on (301) until another takes it.
"""

import hashlib
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, cast

from haber import i18n, media
from haber.articles import store
from haber.articles.records import AuthorLink, Byline, DirectoryText, Meta, TagLink, TagName
from haber.articles.slugs import slugify
from haber.platform import addresses, clock, keys, languages
from haber.platform.db import Cancelled
from haber.platform.errors import BadRequest, Conflict, NotFound, field_error
from haber.platform.settings import get_settings
from haber.platform.shapes import Item

if TYPE_CHECKING:  # the request models load with the editing routes, not for readers
    from haber.articles.models import AuthorPut, TagPut

KINDS = {"author": keys.AUTHORS, "tag": keys.TAGS}
Moves = tuple[dict[str, str], dict[str, str]]  # an item's slug by language, and those it leaves


class Tag(TypedDict):
    id: str
    name: str
    lang: str  # the language `name` is in
    origin: str  # source, human or machine
    slug: str
    url: str
    names: NotRequired[dict[str, DirectoryText]]  # every language's (PUT answers with them)


class Author(TypedDict):
    id: str
    name: str
    slug: str
    url: str
    bio: str | None
    bio_lang: str | None  # the language `bio` is in
    bio_origin: str | None
    image: media.Image | None
    same_as: list[str]
    bios: NotRequired[dict[str, DirectoryText]]  # every language's (PUT answers with them)


# -- addresses ---------------------------------------------------------------------------


def page_path(kind: str, lang: str, slug: str) -> str:
    """/de/autor/ayse-demir, /tr/etiket/secimler: the section's word in the reader's language."""
    return f"/{lang}/{i18n.text(lang, f'site.{kind}_path')}/{slug}"


def page_url(kind: str, lang: str, slug: str) -> str:
    return addresses.origin() + page_path(kind, lang, slug)


# -- writing -----------------------------------------------------------------------------


def put_tag(tag_id: str, data: "TagPut", editor: str) -> Tag:
    source = _source_lang(data.names, data.source_lang, "names")
    old, taken = _read_directory(keys.TAGS, tag_id)
    hashed = _hash(data.names[source])
    texts = _kept_machine_texts(old, data.names, hashed)
    for lang, name in data.names.items():
        texts[lang] = DirectoryText(text=name, origin="source" if lang == source else "human")
    for lang, text in texts.items():
        text["slug"] = free_slug(slugify(text["text"], lang) or tag_id, taken.get(lang, set()), tag_id)
    item = _stored("tag", tag_id, old, editor, source, hashed, texts)
    _write(item, old)
    return {**localized_tag(item, get_settings().default_language), "names": texts}


def put_author(author_id: str, data: "AuthorPut", editor: str) -> Author:
    source = _source_lang(data.bio, data.source_lang, "bio") if data.bio else None
    old, taken = _read_directory(keys.AUTHORS, author_id)
    hashed = _hash(data.bio[source]) if source else ""
    texts = _kept_machine_texts(old, data.bio, hashed) if source else {}
    for lang, bio in data.bio.items():
        texts[lang] = DirectoryText(text=bio, origin="source" if lang == source else "human")
    item = _stored("author", author_id, old, editor, source, hashed, texts)
    item["name"] = data.name
    item["slugs"] = {
        lang: free_slug(slugify(data.name, lang) or author_id, taken.get(lang, set()), author_id)
        for lang in languages.supported()
    }
    item["same_as"] = list(dict.fromkeys(data.same_as))
    if data.image:
        item["photo"] = media.described({data.image: "image"})[data.image]
    _write(item, old)
    return {**localized_author(item, get_settings().default_language), "bios": texts}


def _write(item: Item, old: Item) -> None:
    """The item and its addresses, all or nothing; of two PUTs at the same moment, one is a 409."""
    if not _written(partial(store.put_directory_item, item, old.get("version") if old else None), moves(old, item)):
        raise Conflict("Someone changed this at the same moment; try again.", code="concurrent_change")


def _written(write: Callable[[dict[str, str], dict[str, str]], Cancelled | None], moved: Moves) -> bool:
    """Write; if only addresses it leaves were refused (another holds them: two items of a
    stack from before shared one), write again without those, which were never its own."""
    slugs, left = moved
    cancelled = write(slugs, left)
    if cancelled and cancelled.failed and all(role.startswith("left:") for role in cancelled.failed):
        refused = {role.removeprefix("left:") for role in cancelled.failed}
        cancelled = write(slugs, {lang: slug for lang, slug in left.items() if lang not in refused})
    return cancelled is None


def moves(old: Mapping[str, Any], new: Mapping[str, Any]) -> Moves:
    """The item's slug in each language, and the slugs it leaves: those it had (`old`, empty
    if new) where the new one differs."""
    slugs = {lang: slug_in(new, lang) for lang in languages.supported()}
    before = {lang: slug_in(old, lang) for lang in languages.supported()} if old else {}
    return slugs, {lang: slug for lang, slug in before.items() if slug != slugs[lang]}


def _source_lang(texts: Mapping[str, str], asked: str | None, field: str) -> str:
    for lang in texts:
        languages.check(lang, f"{field}.{lang}")
    if asked is not None:
        languages.check(asked, "source_lang")
        if asked not in texts:
            raise BadRequest(
                f"The source language {asked} has no text in {field}.",
                [field_error("source_lang", f"names a language {field} does not have")],
                code="no_source_text",
            )
        return asked
    default = get_settings().default_language
    return default if default in texts else next(lang for lang in languages.supported() if lang in texts)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _kept_machine_texts(old: Item, sent: Mapping[str, str], hashed: str) -> dict[str, DirectoryText]:
    """Machine texts of languages the editor left out, while made from the same source: no
    need to translate them again."""
    return {
        lang: cast(DirectoryText, dict(text))
        for lang, text in (old.get("texts") or {}).items()
        if lang not in sent and text.get("origin") == "machine" and text.get("source_hash") == hashed
    }


def _stored(
    kind: str, item_id: str, old: Item, editor: str, source: str | None, hashed: str, texts: dict[str, DirectoryText]
) -> Item:
    now = clock.now_iso()
    item: Item = {
        **(keys.author(item_id) if kind == "author" else keys.tag_record(item_id)),
        "type": kind,
        "id": item_id,
        "texts": texts,
        "version": int(old.get("version", 0)) + 1,
        "created_at": old.get("created_at", now),
        "updated_at": now,
        "updated_by": editor,
    }
    if source:
        item["source_lang"], item["source_hash"] = source, hashed
    return item


def _read_directory(partition: str, item_id: str) -> tuple[Item, dict[str, set[str]]]:
    """The item as it is (empty if new) and the slugs the others hold, by language: one
    Query of the directory, which is small."""
    old: Item = {}
    taken: dict[str, set[str]] = {lang: set() for lang in languages.supported()}
    for other in store.directory(partition):
        if other["id"] == item_id:
            old = other
            continue
        for lang, held in taken.items():
            held.add(slug_in(other, lang))
    return old, taken


def others(item: Mapping[str, Any]) -> list[Item]:
    """The other authors (or tags) than this one."""
    return [other for other in store.directory(KINDS[item["type"]]) if other["id"] != item["id"]]


def save_machine_text(item: Item, lang: str, text: Item) -> bool:
    """A machine translation of a bio or a tag's name, while its source and version are as
    read, with its addresses (a tag's name may move it); `item` then holds the text, so the
    next language's copy has it too."""
    after = {**item, "texts": {**(item.get("texts") or {}), lang: text}}
    key = {"pk": item["pk"], "sk": item["sk"]}
    write = partial(store.save_directory_text, key, lang, text, str(item["source_hash"]), after)
    if not _written(write, moves(item, after)):
        return False
    item["texts"] = after["texts"]
    return True


def free_slug(wanted: str, taken: set[str], item_id: str) -> str:
    """The slug made from the name, or the id when another one holds it (two reporters may
    share a name; their ids differ), or when another's name made the id too, the id with
    the first free number."""
    candidates = itertools.chain((wanted, item_id), (f"{item_id}-{number}" for number in itertools.count(2)))
    return next(slug for slug in candidates if slug not in taken)


# -- reading -----------------------------------------------------------------------------


def _text_in(item: Mapping[str, Any], lang: str) -> tuple[str, DirectoryText] | None:
    """The item's text in `lang`, else in its source language (None: it has none)."""
    texts = item.get("texts") or {}
    served = lang if lang in texts else item.get("source_lang")
    return (str(served), texts[served]) if served in texts else None


def slug_in(item: Mapping[str, Any], lang: str) -> str:
    """The last part of the item's address in `lang`."""
    if item["type"] == "author":
        return str(item["slugs"].get(lang) or item["id"])
    found = _text_in(item, lang)
    return str(found[1].get("slug") or item["id"]) if found else str(item["id"])


def localized_tag(item: Mapping[str, Any], lang: str) -> Tag:
    served, text = _text_in(item, lang) or (lang, DirectoryText(text=item["id"], origin="source"))
    slug = slug_in(item, lang)
    return {
        "id": item["id"],
        "name": text["text"],
        "lang": served,
        "origin": text["origin"],
        "slug": slug,
        "url": page_url("tag", lang, slug),
    }


def localized_author(item: Mapping[str, Any], lang: str) -> Author:
    found = _text_in(item, lang)
    slug = slug_in(item, lang)
    photo = item.get("photo")
    return {
        "id": item["id"],
        "name": item["name"],
        "slug": slug,
        "url": page_url("author", lang, slug),
        "bio": found[1]["text"] if found else None,
        "bio_lang": found[0] if found else None,
        "bio_origin": found[1]["origin"] if found else None,
        "image": media.served(photo, lang) if photo else None,
        "same_as": list(item.get("same_as") or []),
    }


def localized(item: Mapping[str, Any], lang: str) -> Author | Tag:
    return localized_author(item, lang) if item["type"] == "author" else localized_tag(item, lang)


def addresses_of(item: Mapping[str, Any]) -> dict[str, str]:
    """The item's page in every language."""
    return {lang: page_url(item["type"], lang, slug_in(item, lang)) for lang in languages.supported()}


def tags(lang: str) -> dict[str, list[Tag]]:
    return {"items": [localized_tag(item, lang) for item in store.directory(keys.TAGS)]}


def authors(lang: str) -> dict[str, list[Author]]:
    return {"items": [localized_author(item, lang) for item in store.directory(keys.AUTHORS)]}


def author(author_id: str, lang: str) -> Author:
    item = store.directory_item(keys.author(author_id))
    if item is None:
        raise NotFound(f"No author {author_id!r}.", code="author_not_found")
    return localized_author(item, lang)


def tag(tag_id: str, lang: str) -> Tag:
    item = store.directory_item(keys.tag_record(tag_id))
    if item is None:
        raise NotFound(f"No tag {tag_id!r}.", code="tag_not_found")
    return localized_tag(item, lang)


def everyone(kind: str) -> list[Item]:
    """Every author (or tag) as stored."""
    return store.directory(KINDS[kind])


@dataclass(frozen=True)
class Moved:
    """An address an author or tag left by a rename: where it is now."""

    url: str


def at_address(kind: str, lang: str, slug: str) -> Item | Moved | None:
    """The author or tag whose address in `lang` ends in `slug`: one GetItem of its slug
    item, which holds a copy of it. An address it left gives its page's address now (one
    GetItem more, of the item itself)."""
    found = store.directory_address(keys.directory_address(kind, lang, slug))
    if found is None:
        return None
    if "record" in found:
        return cast(Item, found["record"])
    item = store.directory_item(keys.author(found["id"]) if kind == "author" else keys.tag_record(found["id"]))
    if item is None:
        return None
    now = slug_in(item, lang)
    return item if now == slug else Moved(page_url(kind, lang, now))


def write_addresses() -> int:
    """Give every author and tag written before addresses had items of their own those of
    its slugs (`make directory-slugs`); returns how many were written (a second run: 0)."""
    written = 0
    for partition in KINDS.values():
        for item in store.directory(partition):
            written += sum(store.add_directory_address(item, lang, slug) for lang, slug in moves({}, item)[0].items())
    return written


def unnamed_tag(tag_id: str) -> Item:
    """A tag articles name that was never PUT: its id is its name and address."""
    return {"type": "tag", "id": tag_id, "texts": {}}


# -- what articles keep ------------------------------------------------------------------


def byline(item: Mapping[str, Any]) -> Byline:
    return {"name": item["name"], "slugs": dict(item["slugs"]), "same_as": list(item.get("same_as") or [])}


def tag_names(item: Mapping[str, Any]) -> dict[str, TagName]:
    names: dict[str, TagName] = {}
    for lang in languages.supported():
        shown = localized_tag(item, lang)
        names[lang] = {"name": shown["name"], "slug": shown["slug"]}
        if shown["lang"] != lang:  # not translated yet: the source's name
            names[lang]["lang"] = shown["lang"]
    return names


def copy_of(item: Mapping[str, Any]) -> Any:
    return byline(item) if item["type"] == "author" else tag_names(item)


def copies_may_be_stale(meta: Meta, old: Meta | None) -> bool:
    """Does a write need to read its authors and tags afresh? Yes when it names others, or
    when the article was out of their timelines (a draft, unpublished), which a renamed
    author's or tag's refresh does not reach."""
    if old is None or old["status"] != "published":
        return True
    return meta["tags"] != old["tags"] or meta.get("authors") != old.get("authors")


def attach(meta: Meta) -> None:
    """Give an article's metadata what its bylines and tag list show, read in one request;
    an unknown author is a 400 naming it. Without `author`, the byline is the authors' names."""
    ids = meta.get("authors") or []
    wanted = [keys.author(author_id) for author_id in ids] + [keys.tag_record(name) for name in meta["tags"]]
    found = store.directory_items(wanted) if wanted else {}
    unknown = [index for index, author_id in enumerate(ids) if (keys.AUTHORS, author_id) not in found]
    if unknown:
        raise BadRequest(
            "An author the article names does not exist; create it with PUT /authors/{id} first.",
            [field_error(f"authors[{index}]", f"{ids[index]!r} is not a known author") for index in unknown],
            code="unknown_author",
        )
    bylines = {author_id: byline(found[(keys.AUTHORS, author_id)]) for author_id in ids}
    named = {name: tag_names(found[(keys.TAGS, name)]) for name in meta["tags"] if (keys.TAGS, name) in found}
    # No empty maps: a stream record reader may not tell an empty map from nothing.
    for attribute, copies in (("bylines", bylines), ("tag_names", named)):
        meta.pop(attribute, None)  # type: ignore[misc]
        if copies:
            meta[attribute] = copies  # type: ignore[literal-required]
    if not meta.get("author"):
        meta["author"] = ", ".join(bylines[author_id]["name"] for author_id in ids)


def author_links(meta: Meta, lang: str) -> list[AuthorLink]:
    bylines = meta.get("bylines") or {}
    return [
        {
            "id": author_id,
            "name": bylines[author_id]["name"],
            "url": page_url("author", lang, bylines[author_id]["slugs"].get(lang, author_id)),
            "same_as": bylines[author_id]["same_as"],
        }
        for author_id in meta.get("authors") or []
        if author_id in bylines
    ]


def tag_links(meta: Meta, lang: str) -> list[TagLink]:
    named = meta.get("tag_names") or {}
    links: list[TagLink] = []
    for name in meta["tags"]:
        shown = named.get(name, {}).get(lang) or TagName(name=name, slug=name)
        links.append(
            {
                "id": name,
                "name": shown["name"],
                "lang": shown.get("lang", lang),
                "url": page_url("tag", lang, shown["slug"]),
            }
        )
    return links


def refresh_articles(item: Mapping[str, Any]) -> int:
    """Give every article in the author's (or tag's) timeline its current copy, where it
    differs; drafts and unpublished articles get theirs at their next write. Returns how
    many were written."""
    if item["type"] == "author":
        partition, attribute = keys.byline(item["id"]), "bylines"
    else:
        partition, attribute = keys.tag(item["id"]), "tag_names"
    found = store.timeline_articles(partition)
    copy = copy_of(item)
    kept = store.copies_on(found, attribute, item["id"]) if found else {}
    stale = [article_id for article_id in found if kept.get(article_id) != copy]
    for article_id in stale:  # only those whose copy differs: a record that changed nothing they show writes nothing
        store.refresh_copy(article_id, attribute, item["id"], copy)
    return len(stale)
