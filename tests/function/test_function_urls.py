"""Behind the CDN, the pages and the view beacon come through the functions' own URLs,
whose events differ from the HTTP API's: routeKey `$default`, no pathParameters, the URL's
own domain. The handlers must answer them as they answer the API's."""

import copy
import json
from typing import Any

from devstack import ROOT
from devstack.runtime import Runtime

URL_DOMAIN = "abcdefghijklmnopqrstuvwxyz234567.lambda-url.eu-central-1.on.aws"


def through_function_url(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((ROOT / "events" / name).read_text(encoding="utf-8"))
    event = copy.deepcopy(event)
    event["routeKey"] = "$default"
    event.pop("pathParameters", None)
    event["requestContext"].update(
        {"routeKey": "$default", "stage": "$default", "domainName": URL_DOMAIN, "domainPrefix": URL_DOMAIN[:32]}
    )
    event["headers"]["host"] = URL_DOMAIN
    return event


def test_an_article_page_through_the_site_functions_url(fresh: Runtime) -> None:
    response = fresh.invoke("SiteFunction", through_function_url("site/article.json"))
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"].startswith("text/html")
    assert "<article" in response["body"]
    assert response["headers"]["Cache-Control"] == "public, max-age=50, s-maxage=50, stale-while-revalidate=10"


def test_an_unknown_page_through_the_site_functions_url_is_the_404_page(fresh: Runtime) -> None:
    event = through_function_url("site/article.json")
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/tr/no-such-article-anywhere"
    response = fresh.invoke("SiteFunction", event)
    assert response["statusCode"] == 404 and "noindex" in response["body"]


def test_a_view_through_the_counters_functions_url(fresh: Runtime) -> None:
    response = fresh.invoke("CountersFunction", through_function_url("counters/view.json"))
    assert response["statusCode"] == 200, response["body"]
    assert json.loads(response["body"])["counted"] is True
