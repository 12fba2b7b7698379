"""Machine translation at write time: article orchestration, segments, translation memory,
glossary, budget, providers; UI strings and comments as short texts."""

from haber.translation.articles import request_refresh, translate_article
from haber.translation.glossary import glossary, save_glossary
from haber.translation.models import Glossary
from haber.translation.stream import RECORD_SECONDS, ParkingBatchProcessor, on_stream_record
from haber.translation.strings import add_comment_translations, translate_strings, translate_texts

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
