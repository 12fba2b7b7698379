"""The CDN forgets what changed: writes through the local gateway, the stream run by the
local poller, and the invalidations the CDN invalidator asked the local CloudFront (moto's)
for, path by path."""

from typing import Any
from urllib.parse import quote

import pytest

from devstack import aws
from devstack.streams import StreamPoller
from tests.conftest import Api, new_article

DEMO = "demokeupkargo2ks"  # published, German source with Turkish and English translations


class Edge:
    """The local distribution's invalidations, read after the stream has run."""

    def __init__(self, api: Api):
        self.api = api
        self.poller = StreamPoller(api.runtime)
        self.cloudfront = aws.local_client("cloudfront")
        self.distribution = aws.distribution(api.runtime.stack.table_name)
        self.poller.drain()  # the seeded articles' own records
        self.known = {item["Id"] for item in self._listed()}

    def _listed(self) -> list[dict[str, Any]]:
        found = self.cloudfront.list_invalidations(DistributionId=self.distribution)["InvalidationList"]
        return list(found.get("Items") or [])

    def new_paths(self) -> list[list[str]]:
        """The paths of each invalidation asked for since the last look."""
        self.poller.drain()
        fresh = [item["Id"] for item in self._listed() if item["Id"] not in self.known]
        self.known.update(fresh)
        batches = [self.cloudfront.get_invalidation(DistributionId=self.distribution, Id=i) for i in fresh]
        return [batch["Invalidation"]["InvalidationBatch"]["Paths"]["Items"] for batch in batches]


@pytest.fixture
def edge(api: Api) -> Edge:
    return Edge(api)


def invalidating_every_change(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """CdnInvalidation=changes: not the default, kept for a newsroom that pays for it."""
    monkeypatch.setitem(api.runtime.stack.functions["CdnInvalidatorFunction"].environment, "CDN_INVALIDATE", "changes")


def every_address(api: Api, article_id: str) -> set[str]:
    listed = api.request("GET", "/newsroom/articles?limit=50", role="editor").json["items"]
    entry = next(item for item in listed if item["id"] == article_id)
    slugs = {lang: language["slug"] for lang, language in entry["languages"].items()}
    assert set(slugs) == {"de", "tr", "en"}
    pages = {f"/{lang}/{quote(slug)}" for lang, slug in slugs.items()}
    reads = {f"/articles/by-slug/{lang}/{quote(slug)}" for lang, slug in slugs.items()}
    return {f"/articles/{article_id}*", *pages, *reads}


def test_an_unpublished_article_is_forgotten_everywhere_in_one_invalidation(api: Api, edge: Edge) -> None:
    version = api.get(f"/articles/{DEMO}").json["version"]
    response = api.request("DELETE", f"/articles/{DEMO}", role="editor", if_match=f'"v{version}"')
    assert response.status_code == 204
    assert api.get(f"/articles/{DEMO}").status_code == 404
    assert [set(paths) for paths in edge.new_paths()] == [every_address(api, DEMO)]


def test_with_changes_an_edit_and_a_correction_are_forgotten(
    api: Api, edge: Edge, monkeypatch: pytest.MonkeyPatch
) -> None:
    invalidating_every_change(api, monkeypatch)
    version = api.get(f"/articles/{DEMO}").json["version"]
    edited = api.request("PUT", f"/articles/{DEMO}", {"summary": "Neu."}, role="editor", if_match=f'"v{version}"')
    assert edited.status_code == 200, edited.json
    sent = edge.new_paths()
    assert sent and all(f"/articles/{DEMO}*" in paths for paths in sent)
    assert set().union(*map(set, sent)) == every_address(api, DEMO)
    correction = {"lang": "de", "text": "Die Brücke kostete 40, nicht 14 Millionen Euro."}
    assert api.request("POST", f"/articles/{DEMO}/corrections", correction, role="editor").status_code == 201
    sent = edge.new_paths()
    assert sent and set().union(*map(set, sent)) == every_address(api, DEMO)


def test_what_readers_never_had_costs_no_invalidation(api: Api, edge: Edge, monkeypatch: pytest.MonkeyPatch) -> None:
    """A draft's saves, its first publication and its first machine translations: nothing
    under its addresses was ever served, so nothing is asked, even with `changes`."""
    invalidating_every_change(api, monkeypatch)
    draft = api.request("POST", "/articles", new_article(status="draft"), role="editor").json
    for version in (1, 2, 3):
        changed = {"summary": f"Fassung {version}."}
        response = api.request("PUT", f"/articles/{draft['id']}", changed, role="editor", if_match=f'"v{version}"')
        assert response.status_code == 200, response.json
    assert edge.new_paths() == []
    published = api.request("PUT", f"/articles/{draft['id']}", {"status": "published"}, role="editor", if_match='"v4"')
    assert published.status_code == 200, published.json
    assert edge.new_paths() == []
    version = api.get(f"/articles/{draft['id']}").json["version"]
    edited = api.request(
        "PUT", f"/articles/{draft['id']}", {"summary": "Neu."}, role="editor", if_match=f'"v{version}"'
    )
    assert edited.status_code == 200, edited.json
    assert any(f"/articles/{draft['id']}*" in paths for paths in edge.new_paths())


def test_by_default_an_edit_waits_for_expiry_and_a_correction_and_an_unpublication_do_not(api: Api, edge: Edge) -> None:
    """CdnInvalidation=takedowns, the template's default: an edit reaches readers as the
    copies expire (within a minute, at no charge per path); what must not wait is forgotten
    at once."""
    assert api.runtime.stack.functions["CdnInvalidatorFunction"].environment["CDN_INVALIDATE"] == "takedowns"
    version = api.get(f"/articles/{DEMO}").json["version"]
    edited = api.request("PUT", f"/articles/{DEMO}", {"summary": "Neu."}, role="editor", if_match=f'"v{version}"')
    assert edited.status_code == 200, edited.json
    assert edge.new_paths() == []
    correction = {"lang": "de", "text": "Die Brücke kostete 40, nicht 14 Millionen Euro."}
    assert api.request("POST", f"/articles/{DEMO}/corrections", correction, role="editor").status_code == 201
    sent = edge.new_paths()
    assert sent and set().union(*map(set, sent)) == every_address(api, DEMO)
    version = api.get(f"/articles/{DEMO}").json["version"]
    response = api.request("DELETE", f"/articles/{DEMO}", role="editor", if_match=f'"v{version}"')
    assert response.status_code == 204
    assert [set(paths) for paths in edge.new_paths()] == [every_address(api, DEMO)]


def test_a_failed_invalidation_fails_the_batch_and_the_retry_asks_again(
    api: Api, edge: Edge, monkeypatch: pytest.MonkeyPatch
) -> None:
    from haber.cdn import invalidating  # noqa: PLC0415 - the module the handler calls

    asked = invalidating.invalidate
    failures: list[str] = []

    def once_refused(sent: list[str], reference: str) -> str:
        if not failures:
            failures.append(reference)
            raise RuntimeError("CloudFront is not answering")
        return asked(sent, reference)

    monkeypatch.setattr(invalidating, "invalidate", once_refused)
    version = api.get(f"/articles/{DEMO}").json["version"]
    api.request("DELETE", f"/articles/{DEMO}", role="editor", if_match=f'"v{version}"')
    assert [set(paths) for paths in edge.new_paths()] == [every_address(api, DEMO)]
    assert len(failures) == 1 and edge.poller.dead_letters == []
