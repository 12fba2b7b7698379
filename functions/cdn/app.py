"""Makes CloudFront forget an article's pages and API reads when readers' view of it changes.
It reads the table's stream (event-filtered to article metadata, texts, corrections and
images) and asks for one invalidation per batch, de-duplicated. A failed request fails the
batch, which Lambda retries (the same invalidation, by its caller reference). Nothing is
parked for a redrive: the CDN's copies expire on their own within five minutes."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from functools import partial

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import cdn
from haber.platform import deadline
from haber.platform.db import plain
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Event, Json

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def take(batch: cdn.Batch, record: DynamoDBRecord) -> None:
    change = record.dynamodb
    key = {name: str(value) for name, value in ((change.keys if change else None) or {}).items()}
    new = plain(change.new_image) if change and change.new_image else None
    old = plain(change.old_image) if change and change.old_image else None
    batch.take(str(record.event_id), key, new, old)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    batch = cdn.Batch()
    with deadline.invocation(context):
        answer = process_partial_response(
            event, record_handler=partial(take, batch), processor=processor, context=context
        )
        batch.commit()
    return dict(answer)


haber.platform.loading.done()
