"""The monthly budget of characters sent to machine translation (TranslationMonthlyCharacters)."""

from collections.abc import Iterator
from contextlib import contextmanager

from haber.platform import clock, keys
from haber.translation import store
from haber.translation.settings import TranslationSettings


class BudgetSpent(RuntimeError):
    pass


@contextmanager
def charged(characters: int) -> Iterator[None]:
    """Charge the characters about to be sent; give them back if sending them fails, so
    the budget counts what providers translated, not what was attempted."""
    month = spend(characters)
    try:
        yield
    except BaseException:
        store.refund(month, characters)
        raise


def spend(characters: int) -> dict[str, str]:
    """Charge this month's budget (and return its key), or raise BudgetSpent."""
    budget = TranslationSettings.load().monthly_characters
    if characters > budget:
        raise BudgetSpent(f"{characters} characters exceed the monthly budget of {budget}")
    month = keys.budget(clock.now())
    if not store.charge(month, characters, room=budget - characters):
        raise BudgetSpent(f"{characters} characters would exceed the monthly budget of {budget}")
    return month
