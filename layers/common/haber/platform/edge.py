"""The reader's IP address, also behind the CDN. There the connection is CloudFront's, and
CloudFront names the reader in CloudFront-Viewer-Address. That header is believed only
beside the secret CloudFront adds to every request it sends on (X-Haber-Edge, from the
stack's CdnOriginSecret), which a client calling the HTTP API directly cannot know;
otherwise the address is the connection's."""

import hmac
import ipaddress
from collections.abc import Mapping

from pydantic import Field

from haber.platform import secrets
from haber.platform.settings import EnvironmentSettings

VIEWER_HEADER = "cloudfront-viewer-address"
PROOF_HEADER = "x-haber-edge"


class EdgeSettings(EnvironmentSettings):
    secret_id: str = Field(default="", alias="EDGE_SECRET_ID")  # empty: no CDN in front


def reader_address(source_ip: str, headers: Mapping[str, str]) -> str:
    viewer = headers.get(VIEWER_HEADER)
    secret_id = EdgeSettings.load().secret_id
    if not viewer or not secret_id:
        return source_ip
    if not hmac.compare_digest(headers.get(PROOF_HEADER, "").encode(), secrets.value(secret_id)):
        return source_ip
    return _address(viewer) or source_ip


def _address(viewer: str) -> str | None:
    """ "198.51.100.10:46532", or "2001:db8::7:46532" (IPv6 unbracketed) → the address."""
    address = viewer.rpartition(":")[0].strip("[]")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
