"""UI strings and display fields in the reader's language: the curated catalog, UI bundles
for frontends, dates and plurals (Babel, CLDR)."""

from haber.i18n.bundles import Bundle, bundle, missing_strings, store_machine_strings
from haber.i18n.catalog import NEUTRAL, SOURCE, curated, error_message, has, nest, text
from haber.i18n.display import language_name, lower, moment, upper

__all__ = [
    "NEUTRAL",
    "SOURCE",
    "Bundle",
    "bundle",
    "curated",
    "error_message",
    "has",
    "language_name",
    "lower",
    "missing_strings",
    "moment",
    "nest",
    "store_machine_strings",
    "text",
    "upper",
]
