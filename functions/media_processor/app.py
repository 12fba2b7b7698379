"""The media processor: uploads from S3 made into renditions (or rejected), and, from the
table's stream, crops made again for a new focal point and articles told of changed images."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import articles, media
from haber.media import processor
from haber.platform.db import plain
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Event, Json

stream_processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def on_record(record: DynamoDBRecord) -> None:
    change = record.dynamodb
    if change and change.new_image:
        new = plain(change.new_image)
        users = processor.on_change(new, plain(change.old_image) if change.old_image else None)
        described, by = media.description(new), str(new.get("updated_by") or "unknown")
        told = [article_id for article_id in users if articles.images.take(article_id, dict(described), by)]
        if told:
            logger.info("Articles told of a changed image", extra={"media_id": new["id"], "articles": told})


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    records = event.get("Records") or []
    if records and records[0].get("eventSource") == "aws:s3":
        outcome = {key: processor.on_upload(key) for key in (unquote_plus(r["s3"]["object"]["key"]) for r in records)}
        logger.info("Uploads processed", extra={"outcome": outcome})
        return {"processed": outcome}
    return dict(process_partial_response(event, record_handler=on_record, processor=stream_processor, context=context))


haber.platform.loading.done()
