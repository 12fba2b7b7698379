"""An upload checked and turned into renditions, with Pillow.

An upload is accepted only if it is the image it claims to be, whole, within the pixel
limit and with nothing hidden after its end. What readers get is re-encoded from its
pixels alone: turned upright by its EXIF orientation, every piece of metadata (GPS
included) left behind.

Only the media processor imports this module: Pillow is in its own requirements
(functions/media_processor/requirements.txt), not in the layer every function loads.
"""

import hashlib
import io
import re
import struct
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

from haber.media import figures
from haber.media.records import Focal

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "AVIF": "image/avif"}
# Phones and cameras write MPO: a JPEG with more frames after it. Its first frame is the photo.
OPENED_AS = {**FORMATS, "MPO": "image/jpeg"}
# Markup that makes a file a polyglot (an image a browser could also run as a page): a page,
# script or embedding tag, or an event-handler attribute, anywhere in the file.
_MARKUP = re.compile(
    rb"<(?:script|html|iframe|frame|body|head|object|embed|img|svg|style|link|meta|base|form|\?php)[\s>/]"
    rb"|<[a-z]{1,12}(?:\s[^<>]{0,200})?\son[a-z]{3,20}\s*=",  # bounded: 200 MB of random bytes match nothing
    re.IGNORECASE,
)
_ANY_TAG = re.compile(rb"<[a-z!?/]", re.IGNORECASE)  # in a JPEG comment, which is text: any tag at all
# WebP's limit on either side; JPEG's is 65,535. A taller image (an infographic, a long
# screenshot) is scaled down to fit rather than cut: nothing of it is lost but resolution.
MAX_SIDE = 16_383
MARKUP_INSIDE = "The file has markup (HTML or script) inside it; export the image again."
_TEXT_START = re.compile(rb"^\s*(?:<|\xef\xbb\xbf\s*<)")
WEBP_QUALITY, JPEG_QUALITY = 80, 82
# open_checked compares the header's size with the configured limit before any pixel is
# decoded; Pillow's own bomb check (a warning, then an error, at fixed sizes) would differ.
Image.MAX_IMAGE_PIXELS = None


class Rejected(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class Rendition:
    crop: str
    format: str
    width: int
    height: int
    data: bytes
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        self.digest = hashlib.sha256(self.data).hexdigest()[:20]

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format


@dataclass
class Result:
    width: int
    height: int
    placeholder: str
    renditions: list[Rendition]


def open_checked(data: bytes, declared: str, max_pixels: int) -> Image.Image:
    """The upload decoded, or Rejected with a reason an editor can act on."""
    if _TEXT_START.match(data[:64]):
        if b"<svg" in data[:4096].lower():
            raise Rejected("svg", "SVG images are not accepted: they can carry scripts. Upload a PNG or JPEG.")
        raise Rejected("not_an_image", "The file is text or markup, not an image.")
    try:
        image = Image.open(io.BytesIO(data), formats=list(FORMATS))  # MPO opens through the JPEG plugin
    except UnidentifiedImageError:
        raise Rejected("not_an_image", "The file is not a JPEG, PNG, WebP or AVIF image.") from None
    except (OSError, SyntaxError, ValueError, struct.error):
        raise Rejected("damaged", "The file is damaged: its image header cannot be read.") from None
    found = OPENED_AS[str(image.format)]
    if found != declared:
        raise Rejected("type_mismatch", f"The file is {found}, not {declared} as announced.")
    width, height = image.size
    if width * height > max_pixels:
        raise Rejected(
            "too_many_pixels",
            f"The image is {width}×{height} pixels; the limit is {max_pixels / 1e6:g} megapixels.",
        )
    if _MARKUP.search(data):
        raise Rejected("polyglot", MARKUP_INSIDE)
    return image


def _ends_cleanly(data: bytes, content_type: str, comments: list[bytes]) -> bool:
    """Nothing after the image's own end (where a polyglot keeps its second file), the end
    found by reading the file's structure, never by its last bytes (a ZIP's comment can end
    in whatever bytes it likes). A JPEG's comments are collected on the way."""
    if content_type == "image/jpeg":
        return _jpeg_frames_end(data, comments) == len(data.rstrip(b"\x00"))
    if content_type == "image/png":
        return _png_end(data) == len(data)
    if content_type == "image/webp":
        return len(data) >= 12 and struct.unpack("<I", data[4:8])[0] + 8 == len(data)
    offset = 0  # AVIF: ISO boxes end to end, up to the last byte
    while offset + 8 <= len(data):
        size = struct.unpack(">I", data[offset : offset + 4])[0]
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        if size < 8:
            return False
        offset += size
    return offset == len(data)


def _png_end(data: bytes) -> int | None:
    """Where the PNG's IEND chunk ends, chunk by chunk from the signature."""
    offset = 8
    while offset + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        offset += 12 + int(length)
        if kind == b"IEND":
            return offset
    return None


def _jpeg_frames_end(data: bytes, comments: list[bytes]) -> int | None:
    """Where the last of the file's JPEG frames ends (an MPO's frames follow one another)."""
    end = _jpeg_end(data, 0, comments)
    while end is not None and data[end : end + 2] == b"\xff\xd8":
        end = _jpeg_end(data, end, comments)
    return end


def _jpeg_end(data: bytes, start: int, comments: list[bytes]) -> int | None:
    """Where the JPEG that starts at `start` ends (after its end-of-image marker), read
    segment by segment; None if it never ends."""
    if data[start : start + 2] != b"\xff\xd8":
        return None
    offset = start + 2
    while offset + 2 <= len(data):
        if data[offset] != 0xFF:
            return None
        marker = data[offset + 1]
        if marker == 0xFF:  # a fill byte before a marker
            offset += 1
        elif marker == 0xD9:
            return offset + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            offset += 2
        else:
            length = int.from_bytes(data[offset + 2 : offset + 4], "big")
            if marker == 0xFE:
                comments.append(data[offset + 4 : offset + 2 + length])
            offset += 2 + length
            if marker == 0xDA:
                offset = _scan_end(data, offset)
    return None


def _scan_end(data: bytes, offset: int) -> int:
    """The next marker after entropy-coded data (where 0xFF is followed by 0x00 or a restart)."""
    while (found := data.find(b"\xff", offset)) != -1 and found + 1 < len(data):
        following = data[found + 1]
        if following != 0x00 and not 0xD0 <= following <= 0xD7:
            return found
        offset = found + 2
    return len(data)


def decoded(image: Image.Image, data: bytes) -> Image.Image:
    """The pixels, upright, in RGB or RGBA; a JPEG is decoded at the smallest scale that
    still covers the largest rendition (much faster for camera originals). A file that
    decodes but goes on after the image's end is a polyglot: rejected too."""
    largest = max(figures.WIDTHS[-1], figures.CROP_WIDTH)
    if image.format == "JPEG":
        image.draft("RGB", (largest, largest))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, struct.error):
        raise Rejected("damaged", "The file is damaged or incomplete: its pixels cannot be read.") from None
    comments: list[bytes] = []
    if not _ends_cleanly(data, OPENED_AS[str(image.format)], comments):
        raise Rejected("polyglot", "The file has data hidden after the end of the image; export it again.")
    if any(_ANY_TAG.search(comment) for comment in comments):
        raise Rejected("polyglot", MARKUP_INSIDE)
    upright = ImageOps.exif_transpose(image)
    if upright.mode.startswith("I"):  # 16-bit greyscale (a PNG): 0–65,535 to 0–255, not clipped at 255
        upright = upright.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    pixels = upright.convert("RGBA" if has_alpha else "RGB")
    pixels.info = {}  # no EXIF, XMP, ICC or comments beyond this point
    return pixels


def pixels(data: bytes, declared: str, max_pixels: int) -> Image.Image:
    """The upload checked (open_checked) and decoded upright (decoded): what renditions come from."""
    return decoded(open_checked(data, declared, max_pixels), data)


def render(pixels: Image.Image, focal: Focal) -> Result:
    """Every rendition of the upright image, crops centred on the focal point."""
    width, height = pixels.size
    renditions: list[Rendition] = []
    widest = min(width, figures.WIDTHS[-1], max(1, int(MAX_SIDE * width / height)))
    for target in [w for w in figures.WIDTHS if w < widest] + [widest]:
        size = (target, min(MAX_SIDE, max(1, round(height * target / width))))
        resized = pixels if size == pixels.size else pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        renditions += _encoded(resized, "original")
    renditions += crops(pixels, focal)
    return Result(width, height, _dominant(pixels), renditions)


def crops(pixels: Image.Image, focal: Focal) -> list[Rendition]:
    made: list[Rendition] = []
    for name, (across, down) in figures.CROPS.items():
        made += _encoded(_crop(pixels, across / down, figures.CROP_WIDTH, focal), name)
    preview = _crop(pixels, figures.PREVIEW[0] / figures.PREVIEW[1], figures.PREVIEW[0], focal, exact=figures.PREVIEW)
    made.append(_jpeg(_flat(preview), "preview"))
    return made


def _crop(
    pixels: Image.Image, ratio: float, target: int, focal: Focal, exact: tuple[int, int] | None = None
) -> Image.Image:
    """The largest `ratio` rectangle that keeps the focal point as central as the edges allow."""
    width, height = pixels.size
    crop_w, crop_h = (width, round(width / ratio)) if width / height <= ratio else (round(height * ratio), height)
    left = min(max(round(float(focal["x"]) * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(float(focal["y"]) * height - crop_h / 2), 0), height - crop_h)
    size = exact or (min(target, crop_w), max(1, round(min(target, crop_w) / ratio)))
    box = (left, top, left + crop_w, top + crop_h)
    return pixels.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def _encoded(image: Image.Image, crop: str) -> list[Rendition]:
    webp = io.BytesIO()
    image.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
    return [Rendition(crop, "webp", image.width, image.height, webp.getvalue()), _jpeg(_flat(image), crop)]


def _flat(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: transparent parts become white, as on the page."""
    if image.mode != "RGBA":
        return image
    white = Image.new("RGB", image.size, (255, 255, 255))
    white.paste(image, mask=image.getchannel("A"))
    return white


def _jpeg(image: Image.Image, crop: str) -> Rendition:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return Rendition(crop, "jpeg", image.width, image.height, out.getvalue())


def _dominant(pixels: Image.Image) -> str:
    red, green, blue = _flat(pixels).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    return f"#{red:02x}{green:02x}{blue:02x}"
