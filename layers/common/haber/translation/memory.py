"""Translating segments through the translation memory: a segment is sent to a provider
only if the memory (keyed by language pair, provider, glossary version and the hash of the
prepared segment) does not have it; what comes back is remembered."""

import re
from collections.abc import Callable, Iterable

from aws_lambda_powertools.metrics import MetricUnit, single_metric

from haber.platform import keys
from haber.platform.observability import NAMESPACE, logger, metrics
from haber.translation import providers, store
from haber.translation.budget import BudgetSpent, charged
from haber.translation.records import GlossaryRules
from haber.translation.segments import TOKEN, Prepared, prepare, restore

SEPARATOR = "\n\n⟦0⟧\n\n"  # joins short texts into one provider request; a token, so it survives
TOKEN_OR_TEXT = re.compile(f"({TOKEN.pattern})")


def translate(
    segments: list[str], source: str, target: str, rules: GlossaryRules, *, joined: bool = False
) -> tuple[str, list[str]]:
    """(provider, translations of the segments). The misses go to the provider one request
    per segment, or with `joined` (many short texts, such as comments) as one request that
    is split again afterwards. Raises ProviderUnavailable or BudgetSpent."""
    terms = rules["terms"].get(f"{source}>{target}", {})
    prepared = [prepare(segment, rules["protected"], terms) for segment in segments]
    provider = providers.primary_name()
    if provider is None:
        raise providers.ProviderUnavailable("TRANSLATION_PROVIDER is none")
    memory = {p.digest: keys.memory(source, target, provider, rules["version"], p.digest) for p in prepared}
    remembered = store.remembered(list(memory.values()))
    missing = [p for p in {p.digest: p for p in prepared}.values() if memory[p.digest]["pk"] not in remembered]
    if missing:
        provider, answers = (_ask_joined if joined else _ask)(missing, source, target)
        learned = {memory[p.digest]["pk"]: answer for p, answer in zip(missing, answers, strict=True)}
        store.remember(learned)
        remembered.update(learned)
    return provider, [remembered[memory[p.digest]["pk"]] for p in prepared]


def into_each(
    targets: Iterable[str],
    segments: list[str],
    source: str,
    rules: GlossaryRules,
    save: Callable[[str, str, list[str]], str],
    what: str,
) -> dict[str, str]:
    """The segments translated into each target language, each result handed to `save`
    (target, provider, translations), which says what became of it. A spent budget or an
    unavailable provider is that language's outcome and the others go on; an unavailable
    one then fails the whole record, so the stream retries it."""
    outcome: dict[str, str] = {}
    for target in targets:
        try:
            provider, translated = translate(segments, source, target, rules)
        except BudgetSpent:
            metrics.add_metric(name="TranslationBudgetExhausted", unit="Count", value=1)
            outcome[target] = "budget_spent"
            continue
        except providers.ProviderUnavailable as error:
            logger.warning("Translation unavailable", extra={"of": what, "error": str(error)})
            outcome[target] = "unavailable"
            continue
        outcome[target] = save(target, provider, translated)
    if "unavailable" in outcome.values():
        raise providers.ProviderUnavailable(f"no translation of {what} for now")
    return outcome


def _ask(missing: list[Prepared], source: str, target: str) -> tuple[str, list[str]]:
    used, answers = _send([p.text for p in missing], source, target)
    return used, [
        restore(answer, p) or _fallback(p, source, target) for p, answer in zip(missing, answers, strict=True)
    ]


def _ask_joined(missing: list[Prepared], source: str, target: str) -> tuple[str, list[str]]:
    escaped = [p.text.replace("⟦", "⟦1") for p in missing]  # keep each text's tokens apart from the separator
    used, (answer,) = _send([SEPARATOR.join(escaped)], source, target)
    parts = [part.strip() for part in answer.split("⟦0⟧")]
    if len(parts) != len(missing):  # the provider lost a separator: one request per text
        used, parts = _send(escaped, source, target)
    return used, [
        restore(part.replace("⟦1", "⟦"), p) or _fallback(p, source, target)
        for p, part in zip(missing, parts, strict=True)
    ]


def _fallback(prepared: Prepared, source: str, target: str) -> str:
    """The provider bent a token: translate the text between the tokens piece by piece."""
    parts = TOKEN_OR_TEXT.split(prepared.text)
    texts = [part for part in parts if part.strip() and part not in prepared.restore]
    answers = iter(_send(texts, source, target)[1] if texts else [])
    return "".join(
        prepared.restore[part] if part in prepared.restore else next(answers) if part.strip() else part
        for part in parts
    )


def _send(texts: list[str], source: str, target: str) -> tuple[str, list[str]]:
    """Texts to the provider, charged to the budget (and refunded if they fail)."""
    characters = sum(len(text) for text in texts)
    with charged(characters):
        used, answers = providers.translate(texts, source, target)
    _count_sent(used, source, target, characters)
    return used, answers


def _count_sent(provider: str, source: str, target: str, characters: int) -> None:
    with single_metric(name="CharactersSent", unit=MetricUnit.Count, value=characters, namespace=NAMESPACE) as sent:
        sent.add_dimension(name="provider", value=provider)
        sent.add_dimension(name="pair", value=f"{source}-{target}")
