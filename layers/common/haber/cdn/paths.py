"""Which addresses CloudFront must forget when articles change: each article's API reads
(`/articles/<id>*`: every language, query and sub-resource) and its pages and by-slug reads
in every language, under the slugs it has and had. Listings, home, category pages and
feeds are not invalidated: they keep short shared lifetimes with stale-while-revalidate.

CloudFront lets 15 wildcard paths and 3,000 exact ones be in progress at once: a batch
that changed more articles than WILDCARDS asks for `/articles/*` once instead, and one
with more pages than EXACT forgets each language's pages with one wildcard."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

WILDCARDS = 5  # per invalidation: three batches in flight stay within CloudFront's 15
EXACT = 1000  # per invalidation, of the 3,000 CloudFront allows in progress


@dataclass
class Changed:
    """An article readers could see, with every (language, slug) it has or had."""

    article_id: str
    slugs: set[tuple[str, str]] = field(default_factory=set)


def paths(changed: Iterable[Changed]) -> list[str]:
    articles = sorted(changed, key=lambda article: article.article_id)
    if not articles:
        return []
    if len(articles) > WILDCARDS:
        reads = ["/articles/*"]
    else:
        reads = [f"/articles/{article.article_id}*" for article in articles]
    addresses = {(lang, quote(slug)) for article in articles for lang, slug in article.slugs}
    pages = sorted(
        {path for lang, slug in addresses for path in (f"/{lang}/{slug}", f"/articles/by-slug/{lang}/{slug}")}
    )
    if len(pages) > EXACT:
        languages = sorted({lang for lang, _ in addresses})
        pages = [f"/{lang}/*" for lang in languages]
        reads = ["/articles/*"]
    return reads + pages
