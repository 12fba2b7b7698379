"""Adds up view, reaction and share markers from the table's stream (event-filtered)."""

import haber.platform.loading  # first: no cycle collection while the function loads

# isort: split

from collections.abc import Mapping

from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import counters
from haber.platform.observability import logger, metrics
from haber.platform.shapes import Event


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: Event, context: LambdaContext) -> Mapping[str, object]:
    return counters.aggregate(event)


haber.platform.loading.done()
