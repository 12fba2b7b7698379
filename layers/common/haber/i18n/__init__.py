"""UI strings and display fields in the reader's language: the curated catalog, UI bundles
for frontends, dates and plurals (Babel, CLDR)."""

from haber.i18n.bundles import Bundle as Bundle
from haber.i18n.bundles import bundle as bundle
from haber.i18n.bundles import missing_strings as missing_strings
from haber.i18n.bundles import store_machine_strings as store_machine_strings
from haber.i18n.catalog import NEUTRAL as NEUTRAL
from haber.i18n.catalog import SOURCE as SOURCE
from haber.i18n.catalog import curated as curated
from haber.i18n.catalog import error_message as error_message
from haber.i18n.catalog import has as has
from haber.i18n.catalog import nest as nest
from haber.i18n.catalog import text as text
from haber.i18n.display import language_name as language_name
from haber.i18n.display import lower as lower
from haber.i18n.display import moment as moment
from haber.i18n.display import upper as upper
