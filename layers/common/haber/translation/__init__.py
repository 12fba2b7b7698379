"""Machine translation at write time: article orchestration, segments, translation memory,
glossary, budget, providers; UI strings and comments as short texts."""

from typing import TYPE_CHECKING

from haber.platform import lazy

# The glossary module shares its name with its function: imported here, so that the
# function, not the module, is the package's `glossary`. The rest loads on first use: a
# function that may translate (comments on request, the worker) pays for the providers
# and the memory only when it does.
from haber.translation.glossary import glossary, save_glossary

if TYPE_CHECKING:
    from haber.translation.articles import request_refresh, translate_article
    from haber.translation.models import Glossary
    from haber.translation.stream import RECORD_SECONDS, ParkingBatchProcessor, on_stream_record
    from haber.translation.strings import add_comment_translations, translate_strings, translate_texts
else:
    __getattr__ = lazy.names(
        __name__,
        {
            "articles": ("request_refresh", "translate_article"),
            "models": ("Glossary",),
            "stream": ("RECORD_SECONDS", "ParkingBatchProcessor", "on_stream_record"),
            "strings": ("add_comment_translations", "translate_strings", "translate_texts"),
        },
    )

__all__ = [
    "RECORD_SECONDS",
    "Glossary",
    "ParkingBatchProcessor",
    "add_comment_translations",
    "glossary",
    "on_stream_record",
    "request_refresh",
    "save_glossary",
    "translate_article",
    "translate_strings",
    "translate_texts",
]
