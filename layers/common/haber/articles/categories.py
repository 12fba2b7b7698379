"""Categories: localized names and the number of published articles in each."""

from typing import Any

from boto3.dynamodb.conditions import Key

from haber.platform import keys, languages
from haber.platform.db import plain, table
from haber.platform.settings import get_settings


def listing(lang: str) -> dict[str, Any]:
    items = plain(table().query(KeyConditionExpression=Key("pk").eq(keys.CATEGORIES))["Items"])
    return {"items": [_localized(item, lang) for item in items]}


def put(category_id: str, names: dict[str, str]) -> dict[str, Any]:
    for lang in names:
        languages.check(lang, f"names.{lang}")
    item = table().update_item(
        Key=keys.category(category_id),
        UpdateExpression="SET #names = :names, article_count = if_not_exists(article_count, :zero), #type = :type",
        ExpressionAttributeNames={"#names": "names", "#type": "type"},
        ExpressionAttributeValues={":names": names, ":zero": 0, ":type": "category"},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    return {**_localized(plain(item), get_settings().default_language), "names": item["names"]}


def _localized(item: dict[str, Any], lang: str) -> dict[str, Any]:
    names = item["names"]
    served = (
        lang
        if lang in names
        else get_settings().default_language
        if get_settings().default_language in names
        else next(iter(names))
    )
    return {"id": item["sk"], "name": names[served], "lang": served, "article_count": item["article_count"]}
