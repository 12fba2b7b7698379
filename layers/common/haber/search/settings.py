"""Search configuration: where the indexes are kept, and how often a reader looks for a
newer one."""

from pydantic import Field

from haber.platform.settings import EnvironmentSettings


class SearchSettings(EnvironmentSettings):
    bucket: str = Field(default="", alias="SEARCH_BUCKET")  # empty: the folder alone (one process)
    folder: str = Field(default="/tmp/haber-search", alias="SEARCH_FOLDER")  # noqa: S108 - Lambda's only writable disk
    refresh_seconds: float = Field(default=10, alias="SEARCH_REFRESH_SECONDS", ge=0, le=50)
    function: str = Field(default="local", alias="AWS_LAMBDA_FUNCTION_NAME")
