"""Route parameters that handlers share, each declared once: what the OpenAPI document says
of them and what Powertools validates. Ids are checked by the domains (`invalid_id`)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Path, Query

ArticleId = Annotated[str, Path(description="16-character article id (a-z, 2-7)")]
MediaId = Annotated[str, Path(description="16-character media id (a-z, 2-7)")]
CommentId = Annotated[str, Path(description="16-character comment id (0-9, a-z)")]
Limit = Annotated[int, Query(ge=1, le=50, description="page size, 1-50")]
Cursor = Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")]
# `lang` chooses what a route answers in: the content (articles), or only the labels (and
# dates) around content that keeps its own language (counters, comments).
Lang = Annotated[str | None, Query(description="language code; default: Accept-Language, then the default language")]
LabelsLang = Annotated[str | None, Query(description="language of the labels; default: Accept-Language")]
LabelsAndDatesLang = Annotated[str | None, Query(description="language of labels and dates; default: Accept-Language")]
