"""The glossary as editors send it."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from haber.platform.text import Line


class Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    protected: Annotated[list[Annotated[Line, Field(max_length=80)]], Field(max_length=500)] = Field(
        default=[], description="names that are never translated, e.g. OpenAI"
    )
    terms: dict[
        Annotated[str, Field(pattern="^[a-z]{2,3}>[a-z]{2,3}$")], dict[Annotated[Line, Field(max_length=80)], Line]
    ] = Field(default={}, description='per language pair ("de>en"): source term -> target term, e.g. {"KI": "AI"}')
