"""Request bodies of the counters' routes."""

from pydantic import BaseModel, ConfigDict, Field


class NewReaction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(max_length=40, description="one of the configured reaction types (REACTION_TYPES)")


class NewShare(BaseModel):
    model_config = ConfigDict(extra="forbid")

    network: str = Field(max_length=40, description="facebook, x, whatsapp, telegram, email or copy")
