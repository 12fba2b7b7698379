"""Translates articles whose source text changed, from the table's stream (event-filtered)."""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import translation
from haber.platform import keys
from haber.platform.observability import logger, metrics

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def translate(record: DynamoDBRecord) -> None:
    image = record.dynamodb.new_image if record.dynamodb else None
    if not image:
        return
    if image.get("type") == "i18n_request":
        logger.info(
            "UI strings translated",
            extra={"lang": image["lang"], "count": translation.translate_strings(image["lang"])},
        )
        return
    article_id = keys.article_id_of(str(image["pk"]))
    outcome = translation.translate_article(article_id, only=image.get("only"), force=bool(image.get("force")))
    if outcome:  # empty when machine translation is off
        logger.info("Translated", extra={"article_id": article_id, "outcome": outcome})


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=translate, processor=processor, context=context))
