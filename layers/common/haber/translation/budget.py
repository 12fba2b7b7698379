"""The monthly budget of characters sent to machine translation (TranslationMonthlyCharacters)."""

from haber.platform import clock, keys
from haber.platform.db import update_if
from haber.translation.settings import TranslationSettings


class BudgetSpent(RuntimeError):
    pass


def spend(characters: int) -> None:
    """Charge the month's budget, or raise BudgetSpent if it cannot take them."""
    budget = TranslationSettings.load().monthly_characters
    if characters > budget:
        raise BudgetSpent(f"{characters} characters exceed the monthly budget of {budget}")
    charged = update_if(
        keys.budget(clock.now()),
        "ADD characters :n",
        "attribute_not_exists(characters) OR characters <= :room",
        n=characters,
        room=budget - characters,
    )
    if not charged:
        raise BudgetSpent(f"{characters} characters would exceed the monthly budget of {budget}")
