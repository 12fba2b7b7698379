"""Search: each language's live articles, matched by that language's rules (analysis), in an
embedded index per language (engine) kept in S3 (files) and fed from the table's stream
(indexing)."""

from haber.search.engine import Filters as Filters
from haber.search.indexes import warm_if_provisioned as warm_if_provisioned
from haber.search.indexing import Batch as Batch
from haber.search.indexing import rebuild as rebuild
from haber.search.querying import MAX_CHARACTERS as MAX_CHARACTERS
from haber.search.querying import MAX_WORDS as MAX_WORDS
from haber.search.querying import SORTS as SORTS
from haber.search.querying import day_end as day_end
from haber.search.querying import day_start as day_start
from haber.search.querying import search as search
from haber.search.records import Hit as Hit
from haber.search.records import Results as Results
