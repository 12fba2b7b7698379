"""Behind CloudFront the connection is CloudFront's: the reader's address comes from
CloudFront-Viewer-Address, believed only beside the secret CloudFront adds."""

from typing import Any

from devstack.samples import DEMO_ARTICLE
from tests.conftest import Api

VIEWS = f"/articles/{DEMO_ARTICLE}/views"


def view(api: Api, agent: str, **headers: str) -> bool:
    reply = api.request("POST", VIEWS, User_Agent=f"Mozilla/5.0 (X11; Linux x86_64) {agent}", **headers)
    assert reply.status_code == 200, reply.json
    return bool(reply.json["counted"])


def test_the_cdns_word_for_the_reader_is_believed_only_with_its_secret(make_api: Any) -> None:
    api: Api = make_api(ReadersPerAddress="1")  # one reader per address and day: addresses tell apart
    proof = api.runtime.stack.secret_values()["CdnOriginSecret"]
    assert view(api, "reader-a")
    assert not view(api, "reader-b")  # the same connection address: its one reader is counted
    through_cdn = {"CloudFront_Viewer_Address": "203.0.113.7:50412", "X_Haber_Edge": proof}
    assert view(api, "reader-b", **through_cdn)
    assert not view(api, "reader-c", **through_cdn)  # that address has its reader now
    ipv6 = {"CloudFront_Viewer_Address": "2001:db8:4:5::9:443", "X_Haber_Edge": proof}
    assert view(api, "reader-d", **ipv6)
    forged = {"CloudFront_Viewer_Address": "198.51.100.99:443", "X_Haber_Edge": "guessed"}
    assert not view(api, "reader-e", **forged)  # not the CDN: the connection's address, which is full
    unproven = {"CloudFront_Viewer_Address": "198.51.100.98:443"}
    assert not view(api, "reader-f", **unproven)


def test_without_a_cdn_the_header_means_nothing(make_api: Any) -> None:
    api: Api = make_api(ReadersPerAddress="1", EnableCdn="false")
    assert "CdnOriginSecret" not in api.runtime.stack.secret_values()
    assert api.runtime.stack.functions["CountersFunction"].environment["EDGE_SECRET_ID"] == ""
    assert view(api, "reader-a")
    assert not view(api, "reader-b", CloudFront_Viewer_Address="203.0.113.7:50412", X_Haber_Edge="anything")
