"""The monthly budget of characters sent to machine translation (TranslationMonthlyCharacters)."""

from collections.abc import Iterator
from contextlib import contextmanager

from haber.platform import clock, keys
from haber.platform.db import table, update_if
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
        table().update_item(
            Key=month, UpdateExpression="ADD characters :n", ExpressionAttributeValues={":n": -characters}
        )
        raise


def spend(characters: int) -> dict[str, str]:
    """Charge this month's budget (and return its key), or raise BudgetSpent."""
    budget = TranslationSettings.load().monthly_characters
    if characters > budget:
        raise BudgetSpent(f"{characters} characters exceed the monthly budget of {budget}")
    month = keys.budget(clock.now())
    charged = update_if(
        month,
        "ADD characters :n",
        "attribute_not_exists(characters) OR characters <= :room",
        n=characters,
        room=budget - characters,
    )
    if not charged:
        raise BudgetSpent(f"{characters} characters would exceed the monthly budget of {budget}")
    return month
