"""The articles' configuration (template parameter MachineTranslationsLive)."""

from pydantic import Field

from haber.platform.settings import EnvironmentSettings, Flag


class ArticleSettings(EnvironmentSettings):
    machine_translations_live: Flag = Field(default=True, alias="MACHINE_TRANSLATIONS_LIVE")
    """readers see machine translations no editor has reviewed"""
