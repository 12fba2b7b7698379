"""The CDN forgets what changed: the addresses of an article readers can see (paths), sent
to CloudFront from the table's stream, one invalidation per batch (invalidating)."""

from haber.cdn.invalidating import Batch as Batch
from haber.cdn.paths import Changed as Changed
from haber.cdn.paths import paths as paths
