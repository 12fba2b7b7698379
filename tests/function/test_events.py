"""Each sample event in events/ through its function's handler, as `sam local invoke -e` would."""

import io
import json
from pathlib import Path

import pytest

from devstack import ROOT
from devstack.__main__ import local_stack
from devstack.runtime import Runtime
from devstack.samples import samples
from haber.platform.observability import logger

EVENTS = sorted((ROOT / "events").rglob("*.json"))
EXPECTED_STATUS = {
    "create.json": 201,
    "correction.json": 201,
    "preview.json": 201,
    "post.json": 201,
    "post-reply.json": 201,
    "refresh.json": 202,
    "unpublish.json": 204,
    "choose-language.json": 302,
    "media/delete.json": 204,
}


def function_for(event: dict, runtime: Runtime, path: Path) -> str:
    if path.parent.name == "cdn":
        return "CdnInvalidatorFunction"
    if "Records" in event:
        if event["Records"][0]["eventSource"] == "aws:s3":
            return "MediaProcessorFunction"
        if event["Records"][0]["dynamodb"]["Keys"]["sk"]["S"] == "META":
            return "SearchIndexerFunction"
        kind = event["Records"][0]["dynamodb"]["NewImage"]["type"]["S"]
        translated = ("rendition", "translation_request", "tag", "author")
        consumers = dict.fromkeys(translated, "TranslationWorkerFunction")
        return consumers.get(kind, "MediaProcessorFunction" if kind == "media" else "CountersAggregatorFunction")
    return next(route.function for route in runtime.stack.routes if route.key == event["routeKey"])


@pytest.mark.parametrize("path", EVENTS, ids=lambda path: str(path.relative_to(ROOT / "events")))
def test_every_sample_event_succeeds(path: Path, fresh: Runtime) -> None:
    event = json.loads(path.read_text(encoding="utf-8"))
    response = fresh.invoke(function_for(event, fresh, path), event)
    if "Records" in event:
        uploads = [r["s3"]["object"]["key"] for r in event["Records"] if r["eventSource"] == "aws:s3"]
        expected_answer: dict = (
            {"processed": dict.fromkeys(uploads, "ignored")} if uploads else {"batchItemFailures": []}
        )
        if "shardId" in event:  # a tumbling-window event: Lambda needs a state back
            expected_answer["state"] = {}
        assert response == expected_answer
        return
    expected = EXPECTED_STATUS.get(str(path.relative_to(ROOT / "events")), EXPECTED_STATUS.get(path.name, 200))
    assert response["statusCode"] == expected, response.get("body")
    if response["headers"].get("Content-Type", "").startswith("application/json"):
        assert isinstance(json.loads(response["body"]), dict)


def route_keys() -> set[str]:
    return {
        event["routeKey"] for event in map(lambda path: json.loads(path.read_text()), EVENTS) if "routeKey" in event
    }


def test_every_event_names_a_route_of_the_template(demo: Runtime) -> None:
    assert route_keys() <= {route.key for route in demo.stack.routes}


def test_every_route_has_a_sample_event(demo: Runtime) -> None:
    covered = route_keys()
    assert {route.key for route in demo.stack.routes} <= covered


def test_the_event_files_are_current() -> None:
    for name, event in samples().items():
        assert json.loads((ROOT / "events" / name).read_text(encoding="utf-8")) == event, f"run `make events` ({name})"


def test_get_event_answers_in_the_accept_language_of_the_event(demo: Runtime) -> None:
    event = json.loads((ROOT / "events/articles/get.json").read_text(encoding="utf-8"))
    document = json.loads(demo.invoke("ArticlesFunction", event)["body"])
    assert (document["lang"], document["source_lang"], document["translation"]) == (
        "tr",
        "de",
        {"origin": "human", "stale": False},
    )


def test_an_editor_event_without_claims_is_unauthorized(demo: Runtime) -> None:
    event = json.loads((ROOT / "events/articles/create.json").read_text(encoding="utf-8"))
    del event["requestContext"]["authorizer"]
    response = demo.invoke("ArticlesFunction", event)
    assert response["statusCode"] == 401
    assert json.loads(response["body"])["error"]["code"] == "unauthorized"


def test_each_function_logs_under_its_own_service_name(demo: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    """One process hosts every function locally; each still logs as itself, as on Lambda."""
    unreadable = {"Records": [{"eventID": "x", "eventName": "INSERT", "dynamodb": {"SequenceNumber": "1"}}]}
    strings = {"type": {"S": "i18n_request"}, "lang": {"S": "de"}, "pk": {"S": "I18N#de"}, "sk": {"S": "#REQUEST"}}
    ui_request = {"Records": [{"eventID": "y", "eventName": "INSERT", "dynamodb": {"NewImage": strings}}]}
    for function, event in (
        ("CountersAggregatorFunction", unreadable),  # logs an error
        ("TranslationWorkerFunction", ui_request),  # logs what it translated
        ("CountersAggregatorFunction", unreadable),
    ):
        output = io.StringIO()
        monkeypatch.setattr(logger.registered_handler, "stream", output)
        demo.invoke(function, event)
        lines = [json.loads(line) for line in output.getvalue().splitlines()]
        assert lines, function
        wanted = demo.stack.functions[function].environment["POWERTOOLS_SERVICE_NAME"]
        assert {line["service"] for line in lines} == {wanted}, function


def test_the_local_signing_secret_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    stack = local_stack(tmp_path)
    assert len(stack.secret) >= 32
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600
    (tmp_path / "secret").chmod(0o644)  # as an earlier version left it
    local_stack(tmp_path)
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600
