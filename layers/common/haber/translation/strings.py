"""Short texts: the UI strings a language's catalog lacks (by the worker), and readers'
comments in another reader's language (on the read path, bounded, never an error)."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from haber import i18n
from haber.platform import deadline, languages
from haber.platform.observability import logger, metrics
from haber.translation import memory, providers
from haber.translation.budget import BudgetSpent
from haber.translation.glossary import glossary

if TYPE_CHECKING:  # comments' types only: the worker need not load the comments package
    from haber.comments import Comment, Queued

READ_PATH_SECONDS = 3.0  # a reader waits at most this long for comment translations


def translate_strings(lang: str) -> int:
    """Machine-translate the UI strings `lang` has neither curated nor current; returns how many."""
    if providers.primary_name() is None:
        return 0
    wanted = i18n.missing_strings(lang)
    if not wanted:
        return 0
    provider, texts = memory.translate(list(wanted.values()), i18n.SOURCE, lang, glossary())
    i18n.store_machine_strings(lang, dict(zip(wanted, texts, strict=True)), provider)
    return len(wanted)


def translate_texts(texts: list[tuple[str, str]], target: str) -> dict[int, str]:
    """Translations of (language, plain text) pairs into `target`, by index: from the memory,
    the misses in one provider request per source language. Whatever cannot be translated
    now (no provider, provider down, budget spent) is left out, never an error."""
    if providers.primary_name() is None:
        return {}
    rules, found = glossary(), {}
    for source in {lang for lang, _ in texts if lang != target}:
        wanted = {index: text for index, (lang, text) in enumerate(texts) if lang == source}
        try:
            with deadline.within(READ_PATH_SECONDS):
                _, translated = memory.translate(list(wanted.values()), source, target, rules, joined=True)
        except (providers.ProviderUnavailable, BudgetSpent) as error:
            logger.warning("Comment translations left out", extra={"reason": str(error)})
            if isinstance(error, BudgetSpent):  # the same alarm as the worker's
                metrics.add_metric(name="TranslationBudgetExhausted", unit="Count", value=1)
            continue
        found.update(dict(zip(wanted, translated, strict=True)))
    return found


def add_comment_translations(comments: "Sequence[Comment | Queued]", target: str) -> None:
    """Add `translation` to each comment written in another language than `target`, where
    one can be had (GET …/comments?translate_to=)."""
    languages.check(target, "translate_to")
    foreign = [comment for comment in comments if comment["lang"] != target and comment.get("text")]
    translated = translate_texts([(comment["lang"], comment["text"] or "") for comment in foreign], target)
    for index, comment in enumerate(foreign):
        if index in translated:
            comment["translation"] = {"lang": target, "text": translated[index], "origin": "machine"}
