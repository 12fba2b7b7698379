"""How readers get an image: the description an article keeps of each of its images, and,
from it, the image in the served language (src, srcset per format, sizes, alt, caption,
credit) and the <figure> markup a body's figure marker becomes."""

import re
from html import escape
from typing import cast

from haber.media.records import DescribedText, Description, Image, MediaItem
from haber.platform import addresses
from haber.platform.ids import RANDOM_ID

# Widths of the renditions in the image's own proportions; crops and the link preview.
WIDTHS = (320, 640, 960, 1280, 1920)
CROPS = {"1:1": (1, 1), "4:3": (4, 3), "16:9": (16, 9)}
CROP_WIDTH = 1200
PREVIEW = (1200, 630)
FORMATS = {"webp": "image/webp", "jpeg": "image/jpeg"}
FALLBACK = "jpeg"
SIZES = "(max-width: 760px) 100vw, 760px"  # the reader pages' column; frontends may send their own
PUBLIC_PATH = "/images/"
# A body refers to an image by id; reading the article replaces the marker by the figure.
MARKER = re.compile(rf'<figure data-media="({RANDOM_ID})">.*?</figure>', re.DOTALL)
MARKER_ID = re.compile(rf'<figure data-media="({RANDOM_ID})"')
DESCRIBED = ("id", "version", "width", "height", "placeholder", "credit", "licence", "renditions", "source_lang")


def description(item: MediaItem) -> Description:
    """What an article keeps of a ready media item: everything a reader's copy needs."""
    described: dict[str, object] = {name: item.get(name) for name in DESCRIBED if item.get(name) is not None}
    described["texts"] = {
        lang: DescribedText(
            alt=text["alt"],
            caption=text.get("caption"),
            origin=text["origin"],
            stale=text["origin"] != "source" and text["source_hash"] != item.get("source_hash"),
        )
        for lang, text in (item.get("texts") or {}).items()
    }
    return cast(Description, described)


def url(key: str) -> str:
    return f"{addresses.origin()}/{key}"


def served(described: Description, lang: str) -> Image:
    """The image as a frontend inserts it, in `lang` (or the language its texts were written in)."""
    texts = described.get("texts") or {}
    text_lang = lang if lang in texts else described.get("source_lang")
    text = texts.get(text_lang or "")
    own = [r for r in described["renditions"] if r["crop"] == "original"]
    srcset = {
        mime: ", ".join(f"{url(r['key'])} {r['width']}w" for r in own if r["format"] == name)
        for name, mime in FORMATS.items()
    }
    fallback = [r for r in own if r["format"] == FALLBACK]
    src = next((r for r in fallback if r["width"] >= 960), fallback[-1])
    crops = {
        r["crop"]: url(r["key"]) for r in described["renditions"] if r["format"] == FALLBACK and r["crop"] in CROPS
    }
    preview = next(r for r in described["renditions"] if r["crop"] == "preview")
    image: Image = {
        "id": described["id"],
        "src": url(src["key"]),
        "srcset": srcset,
        "sizes": SIZES,
        "width": described["width"],
        "height": described["height"],
        "alt": text["alt"] if text else "",
        "caption": text["caption"] if text else None,
        "credit": described.get("credit"),
        "licence": described.get("licence"),
        "placeholder": described.get("placeholder"),
        "lang": text_lang if text else None,
        "crops": crops,
        "preview": {"src": url(preview["key"]), "width": preview["width"], "height": preview["height"]},
    }
    if text and text["origin"] != "source":
        image["translation"] = {"origin": text["origin"], "stale": text["stale"]}
    return image


def figure_html(image: Image, lazy: bool = True) -> str:
    """<figure> with <picture>: WebP where the browser takes it, JPEG otherwise."""
    sources = "".join(
        f'<source type="{mime}" srcset="{escape(srcset)}" sizes="{escape(image["sizes"])}">'
        for mime, srcset in image["srcset"].items()
        if mime != FORMATS[FALLBACK] and srcset
    )
    loading = ' loading="lazy" decoding="async"' if lazy else ""
    img = (
        f'<img src="{escape(image["src"])}" srcset="{escape(image["srcset"][FORMATS[FALLBACK]])}"'
        f' sizes="{escape(image["sizes"])}" width="{image["width"]}" height="{image["height"]}"'
        f' alt="{escape(image["alt"])}"{loading}>'
    )
    caption_parts = [escape(part) for part in (image.get("caption"), image.get("credit")) if part]
    caption = f"<figcaption>{' · '.join(caption_parts)}</figcaption>" if caption_parts else ""
    return f'<figure data-media="{image["id"]}"><picture>{sources}{img}</picture>{caption}</figure>'


def figure_ids(body: str) -> list[str]:
    return list(dict.fromkeys(MARKER_ID.findall(body)))


def expand(body: str, images: dict[str, Image]) -> str:
    """The body with each figure marker replaced by its figure (markers of images the
    article no longer has are dropped)."""
    return MARKER.sub(lambda match: figure_html(images[match.group(1)]) if match.group(1) in images else "", body)
