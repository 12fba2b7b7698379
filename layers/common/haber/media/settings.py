"""Media configuration: where uploads go and how large they may be."""

from pydantic import Field

from haber.platform.settings import EnvironmentSettings


class MediaSettings(EnvironmentSettings):
    bucket: str = Field(default="", alias="MEDIA_BUCKET")
    max_upload_bytes: int = Field(default=25 * 1024 * 1024, alias="MEDIA_MAX_UPLOAD_BYTES", gt=0)
    upload_seconds: int = Field(default=600, alias="MEDIA_UPLOAD_SECONDS", ge=60, le=3600)
    max_pixels: int = Field(default=50_000_000, alias="MEDIA_MAX_PIXELS", gt=0)
    # Lambda's first try and its retries of an upload's event (EventInvokeConfig): the last
    # one rejects an upload that keeps failing, so none stays pending for ever.
    processing_attempts: int = Field(default=3, alias="MEDIA_PROCESSING_ATTEMPTS", ge=1, le=3)
