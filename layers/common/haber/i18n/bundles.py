"""UI bundles for frontends (GET /i18n/{lang}): curated strings win, then machine
translations of the current source text, then the English source.

Machine-translated strings are stored as I18N#<lang> items by the translation worker
(`store_machine_strings`); a bundle with untranslated keys asks for them with one
conditional write, at most once an hour, which the worker picks up from the stream.
"""

from dataclasses import dataclass

from haber.i18n import store
from haber.i18n.catalog import NEUTRAL, SOURCE, Tree, curated, nest, source_hash
from haber.i18n.store import MachineString
from haber.platform import clock

REQUEST_INTERVAL_SECONDS = 3600


@dataclass
class Bundle:
    strings: Tree
    machine: list[str]  # keys translated by a machine (no curated entry)
    untranslated: list[str]  # keys served from the English source for now


def bundle(lang: str) -> Bundle:
    source, own = curated(SOURCE), curated(lang)
    if all(key in own for key in source):
        return Bundle(nest({key: own[key] for key in source}), [], [])
    machine = _current_machine_strings(lang, source)
    untranslated = _missing(source, own, machine)
    if untranslated:
        request_strings(lang)
    strings = {key: own.get(key) or machine.get(key) or source[key] for key in source}
    return Bundle(nest(strings), sorted(key for key in machine if key not in own), untranslated)


def machine_strings(lang: str) -> dict[str, MachineString]:
    """Machine translations of UI strings for a language without a complete catalog."""
    return store.machine_strings(lang)


def request_strings(lang: str) -> None:
    """Ask the worker (through the stream) to translate the UI strings a language lacks."""
    store.request_strings(lang, clock.epoch_seconds(), REQUEST_INTERVAL_SECONDS)


def missing_strings(lang: str) -> dict[str, str]:
    """Source strings `lang` has neither curated nor machine-translated from the current
    source text: key → English text."""
    if lang == SOURCE:
        return {}
    source = curated(SOURCE)
    return {key: source[key] for key in _missing(source, curated(lang), _current_machine_strings(lang, source))}


def _current_machine_strings(lang: str, source: dict[str, str]) -> dict[str, str]:
    """Machine translations made from the source text as it is now: key → text."""
    return {
        key: entry["text"]
        for key, entry in machine_strings(lang).items()
        if key in source and entry["source_hash"] == source_hash(source[key])
    }


def _missing(source: dict[str, str], own: dict[str, str], machine: dict[str, str]) -> list[str]:
    return sorted(key for key in source if key not in own and key not in machine and not NEUTRAL.match(key))


def store_machine_strings(lang: str, translations: dict[str, str], provider: str) -> None:
    source = curated(SOURCE)
    entries = {
        key: store.MachineString(text=text, provider=provider, source_hash=source_hash(source[key]))
        for key, text in translations.items()
    }
    store.save_machine_strings(lang, entries)
