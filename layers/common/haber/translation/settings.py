"""Machine translation's configuration: the provider chain, its endpoints and key
parameters, the timeout and the monthly budget (template parameters Translation*)."""

from pydantic import Field, field_validator

from haber.platform.settings import CommaSeparated, EnvironmentSettings

MICROSOFT_URL = "https://api.cognitive.microsofttranslator.com"
PROVIDERS = ("google", "libre", "mymemory", "deepl", "aws", "microsoft")


class TranslationSettings(EnvironmentSettings):
    providers: CommaSeparated = Field(default=(), alias="TRANSLATION_PROVIDER")
    """ordered fallback chain; "none" (or nothing) turns machine translation off"""
    monthly_characters: int = Field(default=500_000, ge=1, alias="TRANSLATION_MONTHLY_CHARACTERS")
    timeout_seconds: float = Field(default=5.0, gt=0, le=60, alias="TRANSLATION_TIMEOUT_SECONDS")
    google_url: str = Field(default="", alias="GOOGLE_TRANSLATE_URL")
    libre_url: str = Field(default="", alias="LIBRE_TRANSLATE_URL")
    libre_key_parameter: str = Field(default="", alias="LIBRE_API_KEY_PARAMETER")
    mymemory_url: str = Field(default="", alias="MYMEMORY_URL")
    mymemory_email: str = Field(default="", alias="MYMEMORY_EMAIL")
    deepl_url: str = Field(default="", alias="DEEPL_URL")
    deepl_key_parameter: str = Field(default="", alias="DEEPL_API_KEY_PARAMETER")
    microsoft_url: str = Field(
        default="https://api.cognitive.microsofttranslator.com", alias="MICROSOFT_TRANSLATOR_URL"
    )
    microsoft_region: str = Field(default="", alias="MICROSOFT_TRANSLATOR_REGION")
    microsoft_key_parameter: str = Field(default="", alias="MICROSOFT_API_KEY_PARAMETER")

    @field_validator("providers")
    @classmethod
    def _known(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [name for name in names if name not in (*PROVIDERS, "none")]
        if unknown:
            raise ValueError(f"unknown providers {unknown}; use {', '.join(PROVIDERS)} or none")
        return tuple(name for name in names if name != "none")

    @property
    def primary(self) -> str | None:
        return self.providers[0] if self.providers else None
