"""The media checks as pure logic: where a file really ends (the polyglot check reads its
structure), which tags count as markup, how tall renditions fit WebP (no S3, no DynamoDB)."""

import io

import pytest
from PIL import Image

from haber.media import imaging


def encoded(kind: str, size: tuple[int, int] = (64, 48), **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(out, kind, **options)
    return out.getvalue()


def test_a_jpeg_ends_at_its_end_of_image_marker_read_segment_by_segment() -> None:
    jpeg = encoded("JPEG")
    assert imaging._jpeg_frames_end(jpeg, []) == len(jpeg)
    tricked = jpeg + b"PK\x05\x06" + bytes(16) + b"\xff\xd9"  # a ZIP whose comment ends like a JPEG
    assert imaging._jpeg_frames_end(tricked, []) == len(jpeg)
    assert not imaging._ends_cleanly(tricked, "image/jpeg", [])


def test_progressive_jpegs_and_mpo_frames_are_read_to_their_last_end() -> None:
    progressive = encoded("JPEG", progressive=True)
    assert imaging._ends_cleanly(progressive, "image/jpeg", [])
    out = io.BytesIO()
    first, second = Image.new("RGB", (64, 48)), Image.new("RGB", (64, 48), (0, 255, 0))
    first.save(out, "MPO", save_all=True, append_images=[second])
    assert imaging._ends_cleanly(out.getvalue(), "image/jpeg", [])


def test_trailing_zero_padding_is_no_hidden_file_but_a_truncated_jpeg_never_ends() -> None:
    jpeg = encoded("JPEG")
    assert imaging._ends_cleanly(jpeg + bytes(32), "image/jpeg", [])
    assert imaging._jpeg_end(jpeg[: len(jpeg) // 2], 0, []) is None


def test_a_jpegs_comments_are_collected_on_the_way() -> None:
    comments: list[bytes] = []
    imaging._ends_cleanly(encoded("JPEG", comment=b"Shot on a phone"), "image/jpeg", comments)
    assert comments == [b"Shot on a phone"]


def test_a_png_ends_with_its_iend_chunk_counted_from_the_signature() -> None:
    png = encoded("PNG")
    assert imaging._png_end(png) == len(png)
    assert not imaging._ends_cleanly(png + b"junk" + b"IEND\xaeB`\x82", "image/png", [])


@pytest.mark.parametrize(
    ("data", "markup"),
    [
        (b"...<script>alert(1)</script>", True),
        (b"..<img src=x onerror=alert(1)>", True),
        (b"..<div  onmouseover='x()'>", True),
        (b"..<x:xmpmeta xmlns:x='adobe:ns:meta/'>", False),  # XMP in a photo is XML, not a page
        (b"..<a href=x>", False),  # too short a tag to tell from compressed bytes
        (b"Shot on a Haberphone", False),
    ],
)
def test_what_counts_as_markup_anywhere_in_a_file(data: bytes, markup: bool) -> None:
    assert bool(imaging._MARKUP.search(data)) is markup


def test_a_tall_image_is_scaled_to_fit_webp_and_never_cut() -> None:
    result = imaging.render(Image.new("RGB", (400, 17_000)), {"x": 0.5, "y": 0.5})
    originals = [r for r in result.renditions if r.crop == "original"]
    assert max(r.height for r in originals) <= imaging.MAX_SIDE
    widest = max(originals, key=lambda r: r.width)
    assert (widest.width, widest.height) == (385, 16_362)  # the same proportions, just smaller
