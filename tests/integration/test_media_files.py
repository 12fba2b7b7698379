"""The files phones, cameras and screenshots really make go the whole way (announce, the
form upload to the local S3, its notification, the processor): each becomes an image,
upright, within every encoder's limits. An upload that keeps failing ends rejected with a
reason, and a form used again after the check cannot change what readers get."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import ExifTags, Image

from devstack.streams import StreamPoller
from devstack.uploads import UploadNotifier
from haber.media import imaging
from tests.conftest import Api
from tests.integration.test_media import NOTIFIERS, announce, describe, fetch, objects, picture, send, uploaded

RED, BLUE, GREEN = (220, 30, 30), (30, 60, 220), (20, 200, 40)
# What exif_transpose does for each orientation, undone: how a camera stores an upright view.
STORED_AS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def encoded(image: Image.Image, kind: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def described(text: str) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = text
    return exif.tobytes()


def upright_view() -> Image.Image:
    """A portrait picture, blue with a red top-left corner: which way up it is shows."""
    image = Image.new("RGB", (400, 600), BLUE)
    image.paste(RED, (0, 0, 200, 300))
    return image


def rendition(api: Api, item: dict[str, Any], fmt: str = "image/jpeg") -> Image.Image:
    widest = item["images"]["de"]["srcset"][fmt].split(", ")[-1].split(" ")[0]
    return Image.open(io.BytesIO(fetch(api, widest).data))


def near(colour: Any, wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(colour[:3], wanted, strict=True))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_photo_comes_out_upright_whatever_its_exif_orientation(api: Api, orientation: int) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    stored = upright_view().transpose(STORED_AS[orientation]) if orientation in STORED_AS else upright_view()
    item = uploaded(api, encoded(stored, "JPEG", exif=exif.tobytes(), quality=95))
    assert item["status"] == "ready", item
    assert (item["width"], item["height"]) == (400, 600)
    shown = rendition(api, item).convert("RGB")
    assert near(shown.getpixel((20, 20)), RED) and near(shown.getpixel((380, 580)), BLUE)


def test_a_phone_mpo_photo_becomes_its_first_frame(api: Api) -> None:
    first, second = Image.new("RGB", (800, 600), RED), Image.new("RGB", (800, 600), GREEN)
    data = encoded(first, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(data)).format == "MPO"
    item = uploaded(api, data)
    assert item["status"] == "ready", item
    assert near(rendition(api, item).convert("RGB").getpixel((400, 300)), RED)


def palette_with_transparency() -> bytes:
    image = Image.new("P", (600, 400), 0)
    image.putpalette([255, 255, 255, *BLUE])
    image.paste(1, (150, 100, 450, 300))
    return encoded(image, "PNG", transparency=0)


def red(mode: str = "RGB") -> Image.Image:
    return Image.new("RGB", (600, 400), RED).convert(mode)


CAMERA_FILES: dict[str, tuple[Callable[[], bytes], str, tuple[int, int, int]]] = {
    "cmyk-jpeg": (lambda: encoded(red("CMYK"), "JPEG"), "image/jpeg", RED),
    "progressive-jpeg": (lambda: encoded(red(), "JPEG", progressive=True), "image/jpeg", RED),
    # 40,000 of 65,535 is a mid grey, not white
    "16-bit-png": (lambda: encoded(Image.new("I;16", (600, 400), 40_000), "PNG"), "image/png", (156, 156, 156)),
    "palette-png-with-transparency": (palette_with_transparency, "image/png", BLUE),
}


@pytest.mark.parametrize("case", CAMERA_FILES)
def test_camera_and_editor_files_become_images_with_their_colours(api: Api, case: str) -> None:
    make, content_type, centre = CAMERA_FILES[case]
    item = uploaded(api, make(), content_type)
    assert item["status"] == "ready", item
    assert near(rendition(api, item).convert("RGB").getpixel((300, 200)), centre)
    if case == "palette-png-with-transparency":
        webp: Any = rendition(api, item, "image/webp")
        assert webp.mode == "RGBA" and webp.getpixel((2, 2))[3] == 0


def test_a_tall_infographic_is_scaled_to_fit_webp_not_cut(api: Api) -> None:
    tall = Image.new("RGB", (400, 17_000), BLUE)
    tall.paste(RED, (0, 16_900, 400, 17_000))  # the last lines must survive
    item = uploaded(api, encoded(tall, "PNG"), "image/png")
    assert item["status"] == "ready", item
    webp = item["images"]["de"]["srcset"]["image/webp"]
    assert webp.endswith(" 385w")  # 385 × 16,360: within WebP's 16,383
    shown = rendition(api, item, "image/webp").convert("RGB")
    assert shown.height <= imaging.MAX_SIDE and near(shown.getpixel((190, shown.height - 3)), RED)


@pytest.mark.parametrize(
    ("case", "data"),
    [
        ("zip-with-a-comment-ending-ffd9", picture() + b"PK\x05\x06" + bytes(16) + b"\x02\x00\xff\xd9"),
        ("png-with-a-zip-ending-like-iend", picture(kind="PNG") + b"PK\x05\x06" + bytes(16) + b"IEND\xaeB`\x82"),
        ("markup-in-a-jpeg-comment", encoded(upright_view(), "JPEG", comment=b"<img src=x onerror=alert(1)>")),
        ("event-handler-in-exif", encoded(upright_view(), "JPEG", exif=described('<div onmouseover="alert(1)">'))),
    ],
)
def test_polyglots_are_found_by_the_files_structure_not_its_last_bytes(api: Api, case: str, data: bytes) -> None:
    declared = "image/png" if case.startswith("png") else "image/jpeg"
    item = uploaded(api, data, declared=declared)
    assert (item["status"], item["reason_code"]) == ("rejected", "polyglot"), item


def test_a_plain_jpeg_comment_is_no_reason_to_refuse(api: Api) -> None:
    item = uploaded(api, encoded(upright_view(), "JPEG", comment=b"Shot on a Haberphone 12"))
    assert item["status"] == "ready", item


def test_an_upload_that_keeps_failing_is_rejected_after_lambdas_retries(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    tries: list[int] = []

    def broken(*_: Any) -> Any:
        tries.append(1)
        raise MemoryError

    monkeypatch.setattr(imaging, "render", broken)
    item = uploaded(api, picture())
    assert len(tries) == 3  # the first try and Lambda's two retries (EventInvokeConfig)
    assert (item["status"], item["reason_code"]) == ("rejected", "processing_failed"), item
    assert "MemoryError" in item["reason"] and "export it again" in item["reason"]
    assert objects(f"originals/{item['id']}") == []


def test_an_upload_that_fails_once_is_ready_on_the_retry(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    render, tries = imaging.render, []

    def flaky(*arguments: Any) -> Any:
        tries.append(1)
        if len(tries) == 1:
            raise OSError("a moment's trouble")
        return render(*arguments)

    monkeypatch.setattr(imaging, "render", flaky)
    item = uploaded(api, picture())
    assert item["status"] == "ready" and len(tries) == 2


def test_a_used_form_cannot_replace_the_checked_original(api: Api) -> None:
    halves = Image.new("RGB", (1200, 900), RED)
    halves.paste(BLUE, (600, 0, 1200, 900))
    original = encoded(halves, "JPEG")
    swapped = encoded(Image.new("RGB", (1200, 900), GREEN), "JPEG")[: len(original)]  # the form's size limit
    announced = announce(api, original, "image/jpeg")
    notifier = NOTIFIERS.setdefault(api.runtime.stack.table_name, UploadNotifier(api.runtime))
    assert send(announced["upload"], original, "image/jpeg").status_code == 204
    assert notifier.drain() == 1
    ready = api.get(f"/media/{announced['id']}", **api.token()).json
    assert ready["status"] == "ready" and objects(f"originals/{announced['id']}") == []
    # The same form again (still within its 10 minutes), with other bytes: S3 takes them,
    # the processor throws them away, and nothing readers get changes.
    assert send(announced["upload"], swapped, "image/jpeg").status_code == 204
    assert notifier.drain() == 1
    assert objects(f"originals/{announced['id']}") == []
    assert api.get(f"/media/{announced['id']}", **api.token()).json["images"] == ready["images"]
    # A new focal point crops again: from the checked bytes, so still red.
    assert describe(api, announced["id"], {"focal": {"x": 0.2, "y": 0.2}}).status_code == 200
    StreamPoller(api.runtime).drain()
    after = api.get(f"/media/{announced['id']}", **api.token()).json
    assert after["images"]["de"]["crops"]["1:1"] != ready["images"]["de"]["crops"]["1:1"]
    crop = Image.open(io.BytesIO(fetch(api, after["images"]["de"]["crops"]["1:1"]).data)).convert("RGB")
    assert near(crop.getpixel((10, 10)), RED)


def test_deleting_an_image_deletes_its_checked_original(api: Api) -> None:
    item = uploaded(api, picture())
    assert len(objects(f"checked/{item['id']}/")) == 1
    assert api.request("DELETE", f"/media/{item['id']}", role="editor").status_code == 204
    assert objects(f"checked/{item['id']}/") == []
