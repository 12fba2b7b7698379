"""Categories: localized names and the number of live articles in each.

A category item counts its published articles (`article_count`) and names, for each one
still scheduled, when it goes live (`upcoming:<article id>`). Readers get the live count:
the count less those whose time has not come. So a category with only an embargoed
article shows nowhere, and shows the moment the article goes live, with no scheduler.
"""

from typing import Any

from boto3.dynamodb.conditions import Key

from haber.platform import clock, keys, languages
from haber.platform.db import plain, table
from haber.platform.settings import get_settings

UPCOMING = "upcoming:"


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
    return {"id": item["sk"], "name": names[served], "lang": served, "article_count": live_count(item)}


def live_count(item: dict[str, Any]) -> int:
    now = clock.now_iso()
    not_yet = sum(1 for name, value in item.items() if name.startswith(UPCOMING) and value > now)
    return int(item["article_count"]) - not_yet


def scheduled(article: dict[str, Any] | None) -> bool:
    """Was the article, when it was written, published with a later publication time?
    Then its category names it as upcoming."""
    return bool(article) and article["status"] == "published" and article["published_at"] > article["updated_at"]  # type: ignore[index]


def count_changes(meta: dict[str, Any], old: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The category updates an article's write takes (in its transaction), by category:
    its published article moved in or out of the count, its upcoming entry set or removed."""
    adds: dict[str, int] = {}
    if old is not None and old["status"] == "published":
        adds[old["category"]] = -1
    if meta["status"] == "published":
        adds[meta["category"]] = adds.get(meta["category"], 0) + 1
    entry = {"#upcoming": f"{UPCOMING}{meta['id']}"}
    changes: dict[str, dict[str, Any]] = {}
    for category_id in dict.fromkeys([*adds, *([old["category"]] if scheduled(old) else [])]):  # type: ignore[index]
        clauses, values = [], {}
        if adds.get(category_id):
            clauses.append("ADD article_count :delta")
            values[":delta"] = adds[category_id]
        if scheduled(meta) and category_id == meta["category"]:
            clauses.append("SET #upcoming = :upcoming")
            values[":upcoming"] = meta["published_at"]
        elif scheduled(old) and category_id == old["category"]:  # type: ignore[index]
            clauses.append("REMOVE #upcoming")
        if not clauses:
            continue
        change: dict[str, Any] = {"UpdateExpression": " ".join(clauses), "ConditionExpression": "attribute_exists(pk)"}
        if "#upcoming" in change["UpdateExpression"]:
            change["ExpressionAttributeNames"] = entry
        if values:
            change["ExpressionAttributeValues"] = values
        changes[category_id] = change
    return changes


def forget_gone_live(category_id: str) -> int:
    """Take out the upcoming entries whose time has come (they no longer change the count);
    best effort, each only if unchanged meanwhile. Returns how many went."""
    item = table().get_item(Key=keys.category(category_id), ConsistentRead=True).get("Item") or {}
    now = clock.now_iso()
    gone = sorted(name for name, value in item.items() if name.startswith(UPCOMING) and str(value) <= now)
    if not gone:
        return 0
    names = {f"#e{index}": name for index, name in enumerate(gone)}
    values = {f":e{index}": item[name] for index, name in enumerate(gone)}
    try:
        table().update_item(
            Key=keys.category(category_id),
            UpdateExpression="REMOVE " + ", ".join(names),
            ConditionExpression=" AND ".join(f"{name} = :{name[1:]}" for name in names),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    except table().meta.client.exceptions.ConditionalCheckFailedException:
        return 0
    return len(gone)
