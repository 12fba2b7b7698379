"""Machine translation providers, by TRANSLATION_PROVIDER: one name or an ordered fallback
chain ("google,libre"); "none" turns machine translation off (nothing leaves the account).

google, libre and mymemory are reached through deep-translator, deepl through DeepL's own
client, aws through Amazon Translate (boto3), microsoft through Azure's REST API. API keys
come from SSM Parameter Store. deep-translator's requests carry no timeout, so every call
runs under one of ours; 429s, 5xx and timeouts are retried with exponential backoff, a
bounded number of times.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError
from botocore.exceptions import ConnectionError as BotoConnectionError

from haber.platform import deadline
from haber.platform.text import without_disallowed
from haber.translation.segments import split_long
from haber.translation.settings import TranslationSettings

# The providers' client libraries are imported inside the calls that use them (PLC0415):
# a function loads only the one it is configured for, and a cold start with machine
# translation off loads none.

ATTEMPTS = 3
BACKOFF_SECONDS = 0.2
MIN_CALL_SECONDS = 0.2  # a call with less time than this is not worth starting


class ProviderUnavailable(RuntimeError):
    """Every provider of the chain failed (after retries)."""


@dataclass(frozen=True)
class Provider:
    name: str
    limit: int  # characters per request
    call: Callable[[str, str, str], str]  # (text, source, target) -> translation

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        return [" ".join(self._once(piece, source, target) for piece in split_long(text, self.limit)) for text in texts]

    def _once(self, text: str, source: str, target: str) -> str:
        """One text, retried with backoff; every attempt within the invocation's deadline."""
        for attempt in range(ATTEMPTS):
            seconds = deadline.remaining(TranslationSettings.load().timeout_seconds)
            if seconds < MIN_CALL_SECONDS:
                raise ProviderUnavailable(f"{self.name}: no time left before the invocation's deadline")
            try:
                with request_timeout(seconds):
                    return self.call(text, source, target)
            except Exception as error:
                backoff = BACKOFF_SECONDS * 2**attempt
                if attempt == ATTEMPTS - 1 or not _retryable(error) or deadline.remaining(backoff + 1) <= backoff:
                    raise ProviderUnavailable(f"{self.name}: {error!r}") from error
                time.sleep(backoff)
        raise AssertionError("unreachable")


def chain() -> list[Provider]:
    return [FACTORIES[name]() for name in TranslationSettings.load().providers]


def translate(texts: list[str], source: str, target: str) -> tuple[str, list[str]]:
    """The first provider of the chain that answers: (its name, the translations), with
    what no text may hold taken out (a provider's answer is input like any other)."""
    failures = []
    for provider in chain():
        try:
            return provider.name, [without_disallowed(text) for text in provider.translate(texts, source, target)]
        except ProviderUnavailable as error:
            failures.append(str(error))
    raise ProviderUnavailable("; ".join(failures) or "no translation provider is configured")


def primary_name() -> str | None:
    return TranslationSettings.load().primary


@contextmanager
def request_timeout(seconds: float) -> Iterator[None]:
    """deep-translator calls requests without a timeout (so requests waits forever): for
    the duration of one call, requests' transport adapter applies ours instead."""
    from requests.adapters import HTTPAdapter

    original = HTTPAdapter.send

    def send(adapter: HTTPAdapter, request: Any, timeout: Any = None, **options: Any) -> Any:
        return original(adapter, request, timeout=timeout or seconds, **options)

    HTTPAdapter.send = send  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        HTTPAdapter.send = original  # type: ignore[method-assign]


def _retryable(error: Exception) -> bool:
    import requests
    from deep_translator.exceptions import RequestError, ServerException, TooManyRequests

    if isinstance(error, ClientError):
        return error.response["Error"]["Code"] in (
            "ThrottlingException",
            "ServiceUnavailableException",
            "InternalServerException",
        )
    if isinstance(error, BotoConnectionError | ReadTimeoutError):
        return True
    if type(error).__module__.startswith("deepl"):
        return type(error).__name__ in ("TooManyRequestsException", "ConnectionException")
    if isinstance(error, ServerException):
        return int(getattr(error, "status_code", 500) or 500) >= 500 or getattr(error, "status_code", 0) == 429
    return isinstance(
        error, TooManyRequests | RequestError | requests.Timeout | requests.ConnectionError | TimeoutError
    )


def _google() -> Provider:
    def call(text: str, source: str, target: str) -> str:
        from deep_translator import GoogleTranslator

        translator = GoogleTranslator(source=source, target=target)
        if url := TranslationSettings.load().google_url:  # a proxy, or a local fake in tests
            translator._base_url = url  # noqa: SLF001 - deep-translator has no public option for it
        return str(translator.translate(text))

    return Provider("google", 4999, call)


def _libre() -> Provider:
    def call(text: str, source: str, target: str) -> str:
        from deep_translator import LibreTranslator

        settings = TranslationSettings.load()
        url = settings.libre_url.rstrip("/") + "/"
        key = _secret(settings.libre_key_parameter) or "none"  # a self-hosted instance may need no key
        return str(LibreTranslator(source=source, target=target, api_key=key, custom_url=url).translate(text))

    return Provider("libre", 10_000, call)


def _secret(name: str) -> str | None:
    """An API key from SSM Parameter Store (cached by Powertools), by its parameter name."""
    if not name:
        return None
    from aws_lambda_powertools.utilities import parameters

    value: Any = parameters.get_parameter(name, decrypt=True, max_age=300)
    return str(value)


def _mymemory() -> Provider:
    def call(text: str, source: str, target: str) -> str:
        from deep_translator import MyMemoryTranslator
        from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

        def regional(code: str) -> str:  # MyMemory wants de-DE, tr-TR, en-GB…
            known = [value for value in MY_MEMORY_LANGUAGES_TO_CODES.values() if value.split("-")[0] == code]
            return f"{code}-{code.upper()}" if f"{code}-{code.upper()}" in known else (known or [code])[0]

        settings = TranslationSettings.load()
        email = settings.mymemory_email or None
        translator = MyMemoryTranslator(source=regional(source), target=regional(target), email=email)
        if settings.mymemory_url:
            translator._base_url = settings.mymemory_url  # noqa: SLF001 - no public option for it
        return str(translator.translate(text))

    return Provider("mymemory", 500, call)  # MyMemory's limit is 500 bytes a request


def _deepl() -> Provider:
    # DeepL's own client: deep-translator's uses an authentication DeepL switched off in 2026.
    def call(text: str, source: str, target: str) -> str:
        import deepl

        deepl.http_client.max_network_retries = 0  # our retry policy, not a second one inside
        settings = TranslationSettings.load()
        key = _secret(settings.deepl_key_parameter) or ""
        translator = deepl.Translator(key, server_url=settings.deepl_url or None, send_platform_info=False)
        target_code = {"en": "EN-GB", "pt": "PT-PT"}.get(target, target.upper())
        result: Any = translator.translate_text(text, source_lang=source.upper(), target_lang=target_code)
        return str(result.text)

    return Provider("deepl", 100_000, call)


def _aws() -> Provider:
    def call(text: str, source: str, target: str) -> str:
        answer = _translate_client().translate_text(Text=text, SourceLanguageCode=source, TargetLanguageCode=target)
        return str(answer["TranslatedText"])

    return Provider("aws", 10_000, call)


@cache
def _translate_client() -> Any:
    timeout = TranslationSettings.load().timeout_seconds
    config = Config(connect_timeout=timeout, read_timeout=timeout, retries={"max_attempts": 1})
    return boto3.session.Session().client("translate", config=config)


def _microsoft() -> Provider:
    # Azure AI Translator's REST API (v3) with requests: deep-translator's Microsoft client
    # calls a hard-coded Microsoft URL in its constructor, so it can be neither aimed at
    # another endpoint nor run without the internet.
    def call(text: str, source: str, target: str) -> str:
        import requests

        settings = TranslationSettings.load()
        headers = {"Ocp-Apim-Subscription-Key": _secret(settings.microsoft_key_parameter) or ""}
        if settings.microsoft_region:
            headers["Ocp-Apim-Subscription-Region"] = settings.microsoft_region
        response = requests.post(
            f"{settings.microsoft_url.rstrip('/')}/translate",
            params={"api-version": "3.0", "from": source, "to": target},
            json=[{"Text": text}],
            headers=headers,
            timeout=deadline.remaining(settings.timeout_seconds),
        )
        if response.status_code == 429:
            from deep_translator.exceptions import TooManyRequests

            raise TooManyRequests()
        if response.status_code >= 500:
            from deep_translator.exceptions import ServerException

            raise ServerException(response.status_code)
        response.raise_for_status()
        return str(response.json()[0]["translations"][0]["text"])

    return Provider("microsoft", 50_000, call)


FACTORIES: dict[str, Callable[[], Provider]] = {
    "microsoft": _microsoft,
    "google": _google,
    "libre": _libre,
    "mymemory": _mymemory,
    "deepl": _deepl,
    "aws": _aws,
}
