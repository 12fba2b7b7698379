"""The reader pages' configuration (template parameters SiteName, FollowUsLinks, CommentRulesUrl)."""

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from haber.platform.settings import EnvironmentSettings


def _links(value: Any) -> Any:
    """ "Instagram=https://…, X=https://…" → (("Instagram", "https://…"), ("X", "https://…"))."""
    if isinstance(value, str):
        pairs = [part.strip().partition("=") for part in value.split(",") if part.strip()]
        return tuple((name.strip(), url.strip()) for name, _, url in pairs)
    return value


class SiteSettings(EnvironmentSettings):
    name: str = Field(default="Haber", alias="SITE_NAME", min_length=1, max_length=60)
    follow_us: Annotated[tuple[tuple[str, str], ...], BeforeValidator(_links)] = Field(
        default=(), alias="FOLLOW_US_LINKS"
    )
    comment_rules_url: str = Field(default="", alias="COMMENT_RULES_URL")

    @field_validator("follow_us")
    @classmethod
    def _absolute(cls, links: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        bad = [f"{name}={url}" for name, url in links if not name or not url.startswith("https://")]
        if bad:
            raise ValueError(f"FOLLOW_US_LINKS needs name=https://… pairs, not {bad}")
        return links

    @field_validator("comment_rules_url")
    @classmethod
    def _rules(cls, url: str) -> str:
        if url and not url.startswith(("https://", "/")):
            raise ValueError(f"COMMENT_RULES_URL must be https://… or a path, not {url!r}")
        return url
