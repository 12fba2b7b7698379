"""Every DynamoDB request of the search domain: the rebuild's walk over the table. (An
article itself is read through the articles domain.)"""

from collections.abc import Iterator

from boto3.dynamodb.conditions import Attr

from haber.platform import keys
from haber.platform.db import table


def article_ids() -> Iterator[str]:
    """Every article's id, in any state, a Scan page at a time (only the keys travel)."""
    request = {
        "FilterExpression": Attr("sk").eq(keys.META) & Attr("pk").begins_with(keys.article("")),
        "ProjectionExpression": "pk",
    }
    while True:
        answer = table().scan(**request)  # type: ignore[arg-type]
        for item in answer["Items"]:
            yield keys.article_id_of(str(item["pk"]))
        if "LastEvaluatedKey" not in answer:
            return
        request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]
