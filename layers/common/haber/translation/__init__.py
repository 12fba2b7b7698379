"""Machine translation at write time: article orchestration, segments, translation memory,
glossary, budget, providers; UI strings and comments as short texts."""

from typing import TYPE_CHECKING

from haber.platform import lazy

# The glossary module shares its name with its function: imported here, so that the
# function, not the module, is the package's `glossary`.
from haber.translation.glossary import glossary as glossary
from haber.translation.glossary import save_glossary as save_glossary

# The rest loads on first use: a function that may translate (comments on request, the
# worker) pays for the providers and the memory only when it does.
if TYPE_CHECKING:
    from haber.translation.articles import request_refresh as request_refresh
    from haber.translation.articles import translate_article as translate_article
    from haber.translation.models import Glossary as Glossary
    from haber.translation.stream import RECORD_SECONDS as RECORD_SECONDS
    from haber.translation.stream import on_stream_record as on_stream_record
    from haber.translation.strings import add_comment_translations as add_comment_translations
    from haber.translation.strings import translate_strings as translate_strings
    from haber.translation.strings import translate_texts as translate_texts
else:
    __getattr__ = lazy.names(__name__)
