"""The reader pages, each rendered on the server in its language: home, category, article
and the error pages (404, 500, 503). Every string comes from the UI catalog the API serves."""

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlencode

from haber import articles, comments, counters, i18n, media, search
from haber.platform import addresses, clock, languages
from haber.platform.caching import PUBLIC_CACHE
from haber.platform.errors import HaberError, NotFound
from haber.platform.settings import get_settings
from haber.platform.shapes import Json
from haber.platform.text import SLUG_PATTERN
from haber.site import navigation, seo
from haber.site.rendering import Strings, render
from haber.site.settings import SiteSettings

LATEST = 20
RESULTS = 10
SEARCH_CACHE = "public, max-age=30, s-maxage=30"  # as GET /search: gone within a minute
FIRST_COMMENTS = 20
FIRST_REPLIES = 3
RELATED = 4
# What the page's script shows, in the page's language (so nothing loads late or in another).
SCRIPT_STRINGS = (
    "comments.pending",
    "comments.posted",
    "comments.form.sending",
    "comments.reply",
    "comments.reply_to",
    "comments.cancel_reply",
    "comments.load_more",
    "comments.load_more_replies",
    "comments.deleted",
    "comments.translated_from",
    "comments.just_now",
    "comments.network_error",
    "comments.invalid.author_blank",
    "comments.invalid.author_scripts",
    "comments.invalid.text_blank",
    "common.error",
    "reactions.like",
    "reactions.liked",
    "reactions.likes_one",
    "reactions.likes_other",
    "share.copied",
)
SHARE_LINKS = {
    "whatsapp": "https://wa.me/?text={title}%20{url}",
    "telegram": "https://t.me/share/url?url={url}&text={title}",
    "x": "https://x.com/intent/post?url={url}&text={title}",
    "facebook": "https://www.facebook.com/sharer/sharer.php?u={url}",
    "email": "mailto:?subject={title}&body={url}",
}


@dataclass
class Page:
    status: int
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def _frame(lang: str, **context: Any) -> Json:
    """What every page's frame needs: strings, languages, categories, most-read, links."""
    settings = SiteSettings.load()
    return {
        "lang": lang,
        "t": Strings(lang),
        "site_name": settings.name,
        "follow_us": settings.follow_us,
        "home": addresses.home(lang),
        "categories": navigation.categories(lang),
        "most_read": navigation.most_read(lang),
        "feed": addresses.origin() + f"/{lang}/rss.xml",
        "og_locale": seo.og_locale(lang),
        "alternates": [],
        "search_url": search_page(lang),
        "query": "",
        **context,
    }


def search_page(lang: str) -> str:
    return f"{addresses.origin()}/{lang}/{i18n.text(lang, 'site.search_path')}"


def home(lang: str) -> Page:
    latest = articles.listing(lang, LATEST, None, None, None)["items"]
    alternates = [{"hreflang": code, "href": addresses.home(code)} for code in languages.supported()]
    alternates.append({"hreflang": "x-default", "href": addresses.origin() + "/"})
    context = _frame(lang, alternates=alternates, canonical=addresses.home(lang))
    description = i18n.text(lang, "site.latest")
    return Page(200, render("home.html", latest=latest, description=description, **context))


def category(lang: str, slug: str) -> Page:
    found = navigation.find_category(lang, slug)
    if found is None:
        raise NotFound(f"No {lang} category has the address {slug!r}.", code="unknown_category")
    latest = articles.listing(lang, LATEST, found["id"], None, None)["items"]
    alternates = []
    for code in languages.supported():
        names = {c["id"]: c["name"] for c in navigation.categories(code)}
        if found["id"] in names:
            alternates.append(
                {"hreflang": code, "href": addresses.origin() + navigation.category_path(code, names[found["id"]])}
            )
    feed = found["url"] + "/rss.xml"
    context = _frame(lang, alternates=alternates, canonical=found["url"], feed=feed)
    return Page(200, render("category.html", category=found, latest=latest, description=found["name"], **context))


def collection(kind: str, lang: str, slug: str, cursor: str | None) -> Page:
    """An author's page (photo, bio, links) or a tag's, with their articles a page at a time
    (the next behind a link), in the reader's language. An address it left by a rename
    sends readers to its page now."""
    found = navigation.find_in_directory(kind, lang, slug)
    if isinstance(found, articles.directory.Moved):
        return moved(found.url + (f"?{urlencode({'cursor': cursor})}" if cursor else ""))
    if found is None:
        raise NotFound(f"No {lang} {kind} page has the address {slug[:80]!r}.", code=f"{kind}_not_found")
    try:
        listed = navigation.timeline(kind, found["id"], lang, LATEST, cursor)
    except HaberError as error:  # a cursor that is not one: no such page
        raise NotFound(error.message, code="invalid_cursor") from error
    never_named = kind == "tag" and not found["texts"]
    if not listed["items"] and (cursor or never_named):
        raise NotFound(f"No {lang} {kind} page has the address {slug[:80]!r}.", code=f"{kind}_not_found")
    shown: articles.Author | articles.Tag
    if kind == "author":
        shown = author = articles.directory.localized_author(found, lang)
        heading = i18n.text(lang, "site.author_articles", name=author["name"])
        description, json_ld = author["bio"] or heading, seo.profile_page(author, found, lang)
    else:
        shown = tag = articles.directory.localized_tag(found, lang)
        heading = i18n.text(lang, "site.tag_articles", name=tag["name"])
        description, json_ld = heading, seo.collection_page(tag, lang)
    pages = articles.directory.addresses_of(found)
    alternates = [{"hreflang": code, "href": href} for code, href in pages.items()]
    alternates.append({"hreflang": "x-default", "href": pages[get_settings().default_language]})
    frame = _frame(lang, alternates=alternates, canonical=shown["url"], feed=shown["url"] + "/rss.xml")
    following = listed["next_cursor"]
    context = {
        "item": shown,
        "kind": kind,
        "heading": heading,
        "description": description[:300],
        "latest": listed["items"],
        "more": f"{shown['url']}?{urlencode({'cursor': following})}" if following else "",
        "first": shown["url"] if cursor else "",
        "json_ld": json_ld,
    }
    headers = {"X-Robots-Tag": "noindex, follow"} if cursor else {}
    return Page(200, render("collection.html", **frame, **context), headers)


def moved(url: str) -> Page:
    """A 301 to where a page is now, kept by caches as long as a page."""
    return Page(301, "", {"Location": url, "Cache-Control": PUBLIC_CACHE})


def article(lang: str, slug: str) -> Page:
    slug = unquote(slug)
    if not re.fullmatch(SLUG_PATTERN, slug):  # not a slug Haber makes: no lookup (and no key too long for DynamoDB)
        raise NotFound(f"No article has the {lang} address {slug[:80]!r}.", code="article_not_found")
    found, counted = articles.page_items(lang, slug)
    return _article_page(lang, found, counted)


def preview(lang: str, article_id: str, expires: str | None, signature: str | None) -> Page:
    """The article page of an article in any state, from a signed preview link: marked as a
    preview, `noindex`, kept by no cache, without comments, related articles or counting."""
    found, counted = articles.preview.shown(article_id, expires, signature)
    page = _article_page(lang, found, counted, preview=True)
    page.headers.update(
        {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
    )
    return page


def _article_page(lang: str, found: articles.Article, counted: Json, preview: bool = False) -> Page:
    document = articles.document(found, lang)
    if preview:
        thread: comments.FirstPage = {"count": 0, "open": False, "items": [], "more": False}
        related: list[articles.Listed] = []
    else:
        thread = comments.first_page(document["id"], lang, FIRST_COMMENTS, FIRST_REPLIES)
        related = navigation.related(document["id"], lang, RELATED)
    numbers = counters.with_labels(counters.totals(document["id"], {"count": thread["count"]}, counted), lang)
    frame = _frame(lang, alternates=[] if preview else seo.alternates(document), canonical=document["url"])
    section = next((c["name"] for c in frame["categories"] if c["id"] == document["category"]), document["category"])
    share = {
        network: link.format(title=quote(document["title"]), url=quote(document["url"], safe=""))
        for network, link in SHARE_LINKS.items()
    }
    script = {
        "article": document["id"],
        "lang": lang,
        "strings": {
            **{key: i18n.text(lang, key) for key in SCRIPT_STRINGS},
            # The comment rules a reader can act on, each with its limit.
            **{
                f"comments.invalid.{rule}": i18n.text(lang, f"comments.invalid.{rule}", count=limit)
                for rule, limit in comments.LIMITS.items()
            },
        },
    }
    context = {
        "article": document,
        "section": section,
        "stats": numbers,
        "thread": thread,
        "related": related,
        "share": share,
        "reading_minutes": articles.reading_minutes(document["body"]),
        "original": next(alt for alt in document["alternates"] if alt["lang"] == document["source_lang"]),
        # Named in running text, so in the reader's language ("Englisch", "İngilizce").
        "language_names": {code: i18n.language_name(code, lang) for code in languages.supported()},
        "json_ld": seo.news_article(document, frame["site_name"], section),
        "script_data": script,
        "og_alternates": [seo.og_locale(alt["lang"]) for alt in document["alternates"] if alt["lang"] != lang],
        "description": document["summary"],
        "comment_rules": SiteSettings.load().comment_rules_url,
        # Above the fold: loaded at once, not lazily (Largest Contentful Paint).
        "lead_image": _lead_image(document["image"], lang),
        "now": clock.now_iso(),
        "preview": preview,
        "corrections": [{**c, "when": i18n.moment(c["at"], lang)["local"]} for c in document["corrections"]],
    }
    return Page(200, render("article.html", **frame, **context))


def search_results(lang: str, q: str, category: str, sort: str, cursor: str | None) -> Page:
    """The search page: the form, and with a query its results (a page of them, the next
    behind a link: no script needed), or why there are none, in the reader's language."""
    alternates = [{"hreflang": code, "href": search_page(code)} for code in languages.supported()]
    frame = _frame(lang, alternates=alternates, canonical=search_page(lang), query=q)
    frame["description"] = i18n.text(lang, "search.hint")
    headers = {"Cache-Control": SEARCH_CACHE, "X-Robots-Tag": "noindex"}
    found: search.Results | None = None
    problem, status = "", 200
    if q.strip():
        filters = search.Filters(category=category or None)
        try:
            found = search.search(q, lang, filters, sort if sort in search.SORTS else "relevance", RESULTS, cursor)
        except HaberError as error:
            problem, status = i18n.error_message(lang, error.code) or error.message, error.status
    asked = {"q": q, "category": category, "sort": sort}
    following = found["next_cursor"] if found else None
    context = {
        "found": found,
        "problem": problem,
        "category": category,
        "sort": sort,
        "more": f"{search_page(lang)}?{urlencode({**asked, 'cursor': following})}" if following else "",
        "first": f"{search_page(lang)}?{urlencode(asked)}" if cursor else "",
    }
    return Page(status, render("search.html", **frame, **context), headers)


def _lead_image(image: media.Image | None, lang: str) -> str:
    """The lead image's figure; marked with its texts' language where that is not the page's."""
    if not image:
        return ""
    figure = media.figure_html(image, lazy=False)
    if image.get("lang") and image["lang"] != lang:
        figure = figure.replace("<figure ", f'<figure lang="{image["lang"]}" ', 1)
    return figure


def not_found(lang: str) -> Page:
    context = _frame(lang, canonical=addresses.home(lang), description=i18n.text(lang, "site.not_found_text"))
    return Page(404, render("not_found.html", **context))


def failed(lang: str, unavailable: bool) -> Page:
    """The 503 page (DynamoDB busy: try again) or the 500 page, in the reader's language.
    Its frame asks nothing of DynamoDB (no categories, no most-read): it must render when
    DynamoDB cannot answer."""
    settings = SiteSettings.load()
    prefix = "site.unavailable" if unavailable else "site.error"
    context = {
        "lang": lang,
        "t": Strings(lang),
        "site_name": settings.name,
        "follow_us": settings.follow_us,
        "home": addresses.home(lang),
        "categories": [],
        "most_read": [],
        "feed": addresses.origin() + f"/{lang}/rss.xml",
        "og_locale": seo.og_locale(lang),
        "alternates": [],
        "search_url": search_page(lang),
        "query": "",
        "canonical": addresses.home(lang),
        "description": i18n.text(lang, f"{prefix}_text"),
        "title_key": f"{prefix}_title",
        "text_key": f"{prefix}_text",
    }
    return Page(503 if unavailable else 500, render("error.html", **context))
