"""What the translation domain keeps and answers, typed (TypedDicts: plain dicts at run time)."""

from typing import TypedDict


class GlossaryRules(TypedDict):
    """The glossary as the translation memory applies it (and GET /glossary answers it)."""

    version: int  # part of every memory key: a change retranslates what it touches
    protected: list[str]  # names never translated
    terms: dict[str, dict[str, str]]  # "de>en" -> source term -> target term


class RefreshQueued(TypedDict):
    id: str
    lang: str
    status: str
