"""The counters' configuration (template parameters ReactionTypes, ViewDeduplication, BotFilter)."""

from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints

from haber.platform.settings import EnvironmentSettings, Flag, comma_separated

ReactionType = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,19}$")]


class CounterSettings(EnvironmentSettings):
    reaction_types: Annotated[tuple[ReactionType, ...], BeforeValidator(comma_separated)] = Field(
        default=("like",), alias="REACTION_TYPES", min_length=1
    )
    deduplicate_views: Flag = Field(default=True, alias="VIEW_DEDUPLICATION")
    """one view per visitor, article and day"""
    filter_bots: Flag = Field(default=True, alias="BOT_FILTER")
    """crawlers and link previews are not counted"""
    readers_per_address: int = Field(default=20, ge=1, alias="READERS_PER_ADDRESS")
    """views (and reactions of each type) counted per article, address and day: a household
    or an office shares one address, a script with many user agents does too"""
