from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from haber import i18n
from haber.platform.db import table
from tests.conftest import Api

READER_LANGUAGES = ("de", "tr", "en")


def reader_catalog(lang: str) -> dict[str, str]:
    """A language's curated strings that reader pages may show: all but the desk's."""
    return {key: text for key, text in i18n.curated(lang).items() if not key.startswith("desk.")}


def foreign_strings(lang: str) -> set[str]:
    """Reader strings of the other languages that this language's catalog does not have."""
    own = set(reader_catalog(lang).values())
    return {
        text
        for other in READER_LANGUAGES
        if other != lang
        for text in reader_catalog(other).values()
        if text not in own and "{{" not in text and len(text) > 3
    }


@contextmanager
def dynamodb_calls(api: Api) -> Iterator[list[str]]:
    """The DynamoDB operations the handler makes, counted from botocore's events."""
    with api.environment():
        client = table().meta.client
    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(model.name)

    client.meta.events.register("before-call.dynamodb", record)
    try:
        yield calls
    finally:
        client.meta.events.unregister("before-call.dynamodb", record)
