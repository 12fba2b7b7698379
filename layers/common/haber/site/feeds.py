"""What feed readers and crawlers read: RSS 2.0 per language, category, author and tag, the sitemap with
hreflang alternates, the Google News sitemap, robots.txt. Only live articles appear."""

from datetime import datetime, timedelta
from email.utils import format_datetime

from haber import articles
from haber.platform import addresses, clock, languages
from haber.platform.settings import get_settings
from haber.site import navigation
from haber.site.rendering import Strings, render_xml
from haber.site.settings import SiteSettings

FEED_ITEMS = 50
NEWS_HOURS = 48
NEWS_ITEMS = 1000


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def language_feed(lang: str) -> str:
    return _rss(lang, None)


def category_feed(lang: str, category_slug: str) -> str | None:
    """None for a category this language does not have."""
    category = navigation.find_category(lang, category_slug)
    return None if category is None else _rss(lang, category)


def collection_feed(kind: str, lang: str, slug: str) -> str | articles.directory.Moved | None:
    """An author's or a tag's newest articles; None for one this language does not have,
    where its feed is now for an address it left."""
    found = navigation.find_in_directory(kind, lang, slug)
    if found is None or isinstance(found, articles.directory.Moved):
        return articles.directory.Moved(found.url + "/rss.xml") if found else None
    shown = articles.directory.localized(found, lang)
    listed = navigation.timeline(kind, found["id"], lang, FEED_ITEMS, None)["items"]
    return _render(lang, f"{SiteSettings.load().name} – {shown['name']}", shown["url"], listed) if listed else None


def _rss(lang: str, category: navigation.Section | None) -> str:
    """The newest articles of a language, or of one category in it."""
    site = SiteSettings.load().name
    listed = articles.listing(lang, FEED_ITEMS, category["id"] if category else None, None, None)["items"]
    if category:
        return _render(lang, f"{site} – {category['name']}", category["url"], listed)
    return _render(lang, site, addresses.home(lang), listed)


def _render(lang: str, title: str, link: str, listed: list[articles.Listed]) -> str:
    names = {c["id"]: c["name"] for c in navigation.categories(lang)}
    items = [
        {
            **item,
            "rfc822": format_datetime(_when(item["published_at"])),
            "section": names.get(item["category"], item["category"]),
        }
        for item in listed
    ]
    home = link == addresses.home(lang)
    return render_xml(
        "rss.xml",
        lang=lang,
        t=Strings(lang),
        title=title,
        link=link,
        self_url=addresses.origin() + f"/{lang}/rss.xml" if home else link.rstrip("/") + "/rss.xml",
        items=items,
        built=format_datetime(clock.now()),
    )


def _versions(item: articles.Meta) -> list[dict[str, str]]:
    """The page of each language an article exists in, x-default being its source's."""
    cards, live = item["cards"], articles.live_languages(item)
    found = [
        {"hreflang": lang, "href": addresses.article(lang, cards[lang]["slug"])}
        for lang in languages.supported()
        if lang in live
    ]
    source = addresses.article(item["source_lang"], cards[item["source_lang"]]["slug"])
    return [*found, {"hreflang": "x-default", "href": source}]


def sitemap() -> str:
    entries = []
    homes = [{"hreflang": lang, "href": addresses.home(lang)} for lang in languages.supported()]
    homes.append({"hreflang": "x-default", "href": addresses.origin() + "/"})
    entries += [{"loc": link["href"], "alternates": homes, "lastmod": None} for link in homes[:-1]]
    for kind in ("author", "tag"):  # their pages, each language's with its alternates
        for found in articles.directory.everyone(kind):
            pages = articles.directory.addresses_of(found)
            versions = [{"hreflang": lang, "href": href} for lang, href in pages.items()]
            versions.append({"hreflang": "x-default", "href": pages[get_settings().default_language]})
            entries += [
                {"loc": href, "alternates": versions, "lastmod": found.get("updated_at")} for href in pages.values()
            ]
    for item in articles.published():
        versions = _versions(item)
        for version in versions[:-1]:
            entries.append(
                {
                    "loc": version["href"],
                    "alternates": versions,
                    "lastmod": item.get("updated_at") or item["published_at"],
                }
            )
    return render_xml("sitemap.xml", entries=entries)


def news_sitemap() -> str:
    """Google News: the versions of articles published in the last 48 hours, at most 1,000."""
    since = clock.now() - timedelta(hours=NEWS_HOURS)
    news = []
    for item in articles.published():
        if _when(item["published_at"]) < since:
            break
        live = articles.live_languages(item)
        for lang, card in item["cards"].items():
            if lang in languages.supported() and lang in live:
                news.append(
                    {
                        "loc": addresses.article(lang, card["slug"]),
                        "lang": lang,
                        "title": card["title"],
                        "published": item["published_at"],
                    }
                )
    return render_xml("news-sitemap.xml", name=SiteSettings.load().name, news=news[:NEWS_ITEMS])


def robots() -> str:
    origin = addresses.origin()
    return (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /articles/\n"
        "Disallow: /comments\n"
        "Disallow: /i18n/\n"
        "\n"
        f"Sitemap: {origin}/sitemap.xml\n"
        f"Sitemap: {origin}/news-sitemap.xml\n"
    )
