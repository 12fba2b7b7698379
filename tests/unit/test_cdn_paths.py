"""Which paths the CDN is asked to forget, within CloudFront's limits on paths in progress."""

from haber.cdn import Changed, paths
from haber.cdn.paths import EXACT, WILDCARDS


def article(number: int, *slugs: tuple[str, str]) -> Changed:
    return Changed(f"article{number:09d}xx", set(slugs))


def test_an_article_is_its_api_reads_and_each_languages_page_and_by_slug_read() -> None:
    changed = article(1, ("de", "koeln-baut"), ("tr", "koln-insa-ediyor"), ("de", "koeln-baute"))
    assert paths([changed]) == [
        "/articles/article000000001xx*",
        "/articles/by-slug/de/koeln-baut",
        "/articles/by-slug/de/koeln-baute",
        "/articles/by-slug/tr/koln-insa-ediyor",
        "/de/koeln-baut",
        "/de/koeln-baute",
        "/tr/koln-insa-ediyor",
    ]


def test_nothing_changed_asks_nothing() -> None:
    assert paths([]) == []


def test_a_slug_is_sent_as_readers_request_it() -> None:
    assert "/de/k%C3%B6ln" in paths([article(1, ("de", "köln"))])


def test_a_large_batch_forgets_every_api_read_with_one_wildcard() -> None:
    few = paths([article(n, ("de", f"slug-{n}")) for n in range(WILDCARDS)])
    assert sum(path.endswith("*") for path in few) == WILDCARDS
    many = paths([article(n, ("de", f"slug-{n}")) for n in range(WILDCARDS + 1)])
    assert [path for path in many if path.endswith("*")] == ["/articles/*"]
    assert f"/de/slug-{WILDCARDS}" in many


def test_more_pages_than_the_limit_become_one_wildcard_per_language() -> None:
    count = EXACT // 4 + 1  # each article: two languages, a page and a by-slug read each
    huge = paths([article(n, ("de", f"s-{n}"), ("en", f"e-{n}")) for n in range(count)])
    assert huge == ["/articles/*", "/de/*", "/en/*"]
