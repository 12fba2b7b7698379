"""Adds up view, reaction and share markers from the table's stream (event-filtered)."""

from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from haber import counters
from haber.platform.observability import logger, metrics


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> Mapping[str, object]:
    return counters.aggregate(event)
