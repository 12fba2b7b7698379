"""Keeps each language's search index current from the table's stream (event-filtered to
article metadata and texts). Reading an article is each record's own success or failure;
the batch's one write per language follows, and a failed write fails the whole batch."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from functools import partial

from aws_lambda_powertools.utilities.batch import EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import search
from haber.platform import deadline, parking
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Event, Json

processor = parking.ParkingBatchProcessor("search", event_type=EventType.DynamoDBStreams)  # failed records kept


def take(batch: search.Batch, record: DynamoDBRecord) -> None:
    keys = (record.dynamodb.keys if record.dynamodb else None) or {}
    batch.take(str(keys["pk"]))


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    batch = search.Batch()
    with deadline.invocation(context):
        handler = partial(take, batch)
        answer = process_partial_response(event, record_handler=handler, processor=processor, context=context)
        batch.commit()
    return dict(answer)


haber.platform.loading.done()
