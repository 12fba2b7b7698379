"""What search engines and link previews read: hreflang alternates, Open Graph locales and
NewsArticle JSON-LD (schema.org) built from an article document, and the markup of author
(ProfilePage) and tag (CollectionPage) pages."""

from functools import cache

from babel.core import get_global

from haber.articles import Author, Document, Tag
from haber.platform import addresses
from haber.platform.shapes import Item, Json


@cache
def og_locale(lang: str) -> str:
    """de → de_DE, tr → tr_TR, en → en_US (CLDR's likely subtags)."""
    parts = str(get_global("likely_subtags").get(lang, lang)).split("_")
    territory = next((part for part in parts[1:] if part.isupper() and len(part) == 2), "")
    return f"{lang}_{territory}" if territory else lang


def alternates(document: Document) -> list[dict[str, str]]:
    """Every language the article exists in, plus x-default: the source language's page."""
    links = [{"hreflang": alt["lang"], "href": alt["url"]} for alt in document["alternates"]]
    source = next(alt["url"] for alt in document["alternates"] if alt["lang"] == document["source_lang"])
    return [*links, {"hreflang": "x-default", "href": source}]


def _authors(document: Document) -> list[Json]:
    """Each author a Person with their page and their profiles elsewhere; a byline without
    authors is the newsroom's, whose page is the site's home in this language."""
    if not document["authors"]:
        return [{"@type": "Person", "name": document["author"], "url": addresses.home(document["lang"])}]
    people = []
    for author in document["authors"]:
        person: Json = {"@type": "Person", "name": author["name"], "url": author["url"]}
        if author["same_as"]:
            person["sameAs"] = author["same_as"]
        people.append(person)
    return people


def profile_page(author: Author, item: Item, lang: str) -> Json:
    """An author's page: a ProfilePage whose main entity is the Person (Google's profile
    page markup)."""
    person: Json = {"@type": "Person", "name": author["name"], "url": author["url"]}
    if author["same_as"]:
        person["sameAs"] = author["same_as"]
    if author["bio"]:
        person["description"] = author["bio"]
    if author["image"]:
        person["image"] = author["image"]["preview"]["src"]
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": author["url"],
        "inLanguage": lang,
        "dateCreated": item.get("created_at"),
        "dateModified": item.get("updated_at"),
        "mainEntity": person,
    }


def collection_page(tag: Tag, lang: str) -> Json:
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": tag["name"],
        "url": tag["url"],
        "inLanguage": lang,
        "about": {"@type": "Thing", "name": tag["name"]},
    }


def news_article(document: Document, site_name: str, section: str) -> Json:
    lang, url = document["lang"], document["url"]
    by_lang = {alt["lang"]: alt["url"] for alt in document["alternates"]}
    data: Json = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "headline": document["title"][:110],
        "description": document["summary"],
        "inLanguage": lang,
        "datePublished": document["published_at"],
        "dateModified": document["updated_at"],
        "articleSection": section,
        "keywords": document["tags"],
        "author": _authors(document),
        "publisher": {"@type": "Organization", "name": site_name, "url": addresses.home(lang)},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if document["corrections"]:  # Google and schema.org: what was corrected, and when
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c["text"], "datePublished": c["at"], "inLanguage": c["lang"]}
            for c in document["corrections"]
        ]
    if image := document["image"]:  # Google's Top stories take 16:9, 4:3 and 1:1, at least 1,200 px wide
        data["image"] = list(image["crops"].values())
    if lang != document["source_lang"]:
        source = document["source_lang"]
        data["translationOfWork"] = {"@type": "NewsArticle", "@id": by_lang[source], "inLanguage": source}
    else:
        data["workTranslation"] = [
            {"@type": "NewsArticle", "@id": href, "inLanguage": code} for code, href in by_lang.items() if code != lang
        ]
    return data
