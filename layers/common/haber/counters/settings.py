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
