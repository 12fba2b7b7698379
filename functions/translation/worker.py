"""Translates articles whose source text changed, from the table's stream (event-filtered)."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from aws_lambda_powertools.utilities.batch import EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import translation
from haber.platform import deadline, parking
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Event, Json

processor = parking.ParkingBatchProcessor("translation", event_type=EventType.DynamoDBStreams)  # failed records kept


def translate(record: DynamoDBRecord) -> None:
    with deadline.within(translation.RECORD_SECONDS):
        translation.on_stream_record(record.dynamodb.new_image if record.dynamodb else None)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: Event, context: LambdaContext) -> Json:
    with deadline.invocation(context):
        return dict(process_partial_response(event, record_handler=translate, processor=processor, context=context))


haber.platform.loading.done()
