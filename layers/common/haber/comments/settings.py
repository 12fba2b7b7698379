"""The comments' configuration (template parameters ModerationMode, CommentRatePer*)."""

from typing import Literal

from pydantic import Field

from haber.platform.settings import EnvironmentSettings


class CommentSettings(EnvironmentSettings):
    moderation_mode: Literal["pre", "post"] = Field(default="pre", alias="MODERATION_MODE")
    """pre: comments wait for a moderator; post: visible at once"""
    rate_per_minute: int = Field(default=5, ge=1, alias="COMMENT_RATE_PER_MINUTE")
    rate_per_day: int = Field(default=30, ge=1, alias="COMMENT_RATE_PER_DAY")
    address_rate_per_minute: int = Field(default=10, ge=1, alias="COMMENT_ADDRESS_RATE_PER_MINUTE")
    """comments from one address (all its clients together) per minute"""
    address_rate_per_day: int = Field(default=100, ge=1, alias="COMMENT_ADDRESS_RATE_PER_DAY")
