"""A stream batch's article changes, sent to CloudFront as one invalidation.

Only copies that can exist are forgotten. An article readers could not see before the
change has none (its API reads answered 404, which no cache keeps; a page's 404 is kept a
minute at most), so a first publication, a draft's autosaves and a new language's first
text cost no paths. What changed decides how much goes: metadata, a correction or the
images change every language's page; a language's text changes that language's page; any
of them changes the API reads. With CDN_INVALIDATE=takedowns, the default, only an
unpublished or deleted article and a correction are invalidated: the rest expires within
a minute (haber.platform.caching.PUBLIC_CACHE), at no charge per path (docs/cost.md).

The invalidation's caller reference is the batch's first and last event: Lambda retrying
the batch asks for the same invalidation, which CloudFront answers with the one it made."""

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, cast

import boto3
from botocore.config import Config
from pydantic import Field

from haber import articles
from haber.cdn.paths import Changed, paths
from haber.platform import keys
from haber.platform.observability import logger
from haber.platform.publication import is_live
from haber.platform.settings import EnvironmentSettings

if TYPE_CHECKING:
    from mypy_boto3_cloudfront.client import CloudFrontClient

_CONFIG = Config(connect_timeout=2, read_timeout=10, retries={"mode": "standard", "total_max_attempts": 3})
PUBLISHED = "published"


class CdnSettings(EnvironmentSettings):
    distribution_id: str = Field(alias="CDN_DISTRIBUTION_ID")
    invalidate: Literal["changes", "takedowns"] = Field(default="takedowns", alias="CDN_INVALIDATE")


@dataclass
class Seen:
    """What a batch changed of one article."""

    reads: bool = False  # its API reads
    everywhere: bool = False  # every language's page
    slugs: set[tuple[str, str]] = field(default_factory=set)  # pages known to have changed
    meta_slugs: set[tuple[str, str]] = field(default_factory=set)  # every language's, from META images
    was_public: bool | None = None  # a META record's word: published before the change
    is_public: bool | None = None  # and after it


@dataclass
class Batch:
    """The articles a stream batch changed; `commit` asks CloudFront to forget them."""

    seen: dict[str, Seen] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)

    def take(self, event_id: str, key: keys.Key, new: Mapping[str, Any] | None, old: Mapping[str, Any] | None) -> None:
        """One record of an article's item (metadata, a text, a correction, its images)."""
        self.events.append(event_id)
        changes_only_takedowns = CdnSettings.load().invalidate == "takedowns"
        seen = self.seen.setdefault(keys.article_id_of(key["pk"]), Seen())
        sort_key = key["sk"]
        if sort_key == keys.META:
            if seen.was_public is None:  # the first of the batch's META records says what was before
                seen.was_public = bool(old) and (old or {}).get("status") == PUBLISHED
            seen.is_public = bool(new) and (new or {}).get("status") == PUBLISHED
            for image in (new, old):
                seen.meta_slugs |= _slugs(cast(articles.Meta, image or {}))
            if seen.was_public and not (changes_only_takedowns and seen.is_public):
                seen.reads = seen.everywhere = True
        elif sort_key.startswith(keys.CORRECTION_PREFIX):
            seen.reads = seen.everywhere = True
        elif changes_only_takedowns:
            return
        elif sort_key.startswith(keys.TEXT_PREFIX):
            seen.reads = True
            if old and old.get("slug"):
                seen.slugs.add((str(old["lang"]), str(old["slug"])))
        else:  # the article's images
            seen.reads = seen.everywhere = True

    def commit(self) -> list[str]:
        """The paths sent (none: nothing readers could have a copy of changed)."""
        visible = [changed for article_id, seen in self.seen.items() if (changed := _changed(article_id, seen))]
        sent = paths(visible)
        if sent:
            made = invalidate(sent, reference=f"{self.events[0]}-{self.events[-1]}")
            # ids and a count: a path holds a slug, which is the headline of an article that
            # may not be out yet
            ids = sorted(changed.article_id for changed in visible)
            logger.info("CDN invalidation", extra={"articles": ids, "paths": len(sent), "invalidation": made})
        return sent


def _changed(article_id: str, seen: Seen) -> Changed | None:
    if not seen.reads or seen.was_public is False:  # nothing, or nothing readers had before
        return None
    meta_slugs = seen.meta_slugs
    if seen.was_public is None:  # no metadata in the batch: is it live now?
        meta = articles.metadata(article_id)
        if not meta or not is_live(meta):
            return None
        meta_slugs = _slugs(meta)
    return Changed(article_id, seen.slugs | (meta_slugs if seen.everywhere else set()))


def _slugs(meta: articles.Meta) -> set[tuple[str, str]]:
    return {(lang, card["slug"]) for lang, card in (meta.get("cards") or {}).items() if card.get("slug")}


def invalidate(sent: list[str], reference: str) -> str:
    """CloudFront's id of the invalidation made."""
    digest = hashlib.sha256("\n".join(sent).encode()).hexdigest()[:16]
    response = client().create_invalidation(
        DistributionId=CdnSettings.load().distribution_id,
        InvalidationBatch={"Paths": {"Quantity": len(sent), "Items": sent}, "CallerReference": f"{reference}-{digest}"},
    )
    return response["Invalidation"]["Id"]


def client() -> "CloudFrontClient":
    return _client(os.environ.get("AWS_ENDPOINT_URL_CLOUDFRONT", ""))


@cache
def _client(endpoint: str) -> "CloudFrontClient":
    return boto3.session.Session().client("cloudfront", endpoint_url=endpoint or None, config=_CONFIG)
