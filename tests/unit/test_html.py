import pytest

from haber.articles.sanitizing import sanitize, text_of

ALLOWED = (
    "<h2>Zwischentitel</h2><p>Text mit <em>Betonung</em>, <strong>Fett</strong> und "
    '<a href="https://example.org/x" title="Quelle">Link</a>.</p>'
    "<blockquote><p>Zitat</p></blockquote><ul><li>eins</li></ul><ol><li>zwei</li></ol>"
    '<figure data-media="m7x2k3q4w6r3t5y6"></figure>'
    "<figure><blockquote><p>Zitat</p></blockquote><figcaption>Bildunterschrift</figcaption></figure>"
)


def test_the_allowed_subset_survives() -> None:
    cleaned = sanitize(ALLOWED)
    for fragment in (
        "<h2>",
        "<em>",
        "<strong>",
        'href="https://example.org/x"',
        "<blockquote>",
        "<ul>",
        "<ol>",
        "<figure>",
        '<figure data-media="m7x2k3q4w6r3t5y6"></figure>',
        "<figcaption>",
    ):
        assert fragment in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


@pytest.mark.parametrize(
    "image",
    [
        '<img src="https://tracker.example/pixel.gif" width="1" height="1">',
        '<img src="http://images.example.org/a.jpg" alt="hotlinked">',
        '<img src="/images/m7x2k3q4w6r3t5y6/0123456789abcdef0123.jpg" alt="ours, but not as a figure">',
        '<figure><img src="https://tracker.example/p.gif"><figcaption>Bild</figcaption></figure>',
        '<IMG SRC="//tracker.example/p.gif">',
    ],
)
def test_no_img_survives_whatever_its_host(image: str) -> None:
    """Only the media library's images belong in a body, as figures it names."""
    cleaned = sanitize(f"<p>Text</p>{image}")
    assert "<img" not in cleaned.lower() and "tracker" not in cleaned and "src=" not in cleaned
    assert "<p>Text</p>" in cleaned


@pytest.mark.parametrize(
    "hostile",
    [
        "<p>Hallo<script>alert(1)</script></p>",
        '<p onclick="alert(1)">Hallo</p>',
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">Hallo</a>',
        '<a href="JaVaScRiPt:alert(1)">Hallo</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">Hallo</a>',
        '<iframe src="https://evil.example"></iframe><p>Hallo</p>',
        "<style>p{color:red}</style><p>Hallo</p>",
        '<p style="background:url(javascript:alert(1))">Hallo</p>',
        "<svg><script>alert(1)</script></svg>",
        '<form action="https://evil.example"><input name="x"></form>',
        '<blockquote cite="javascript:alert(1)"><p>Zitat</p></blockquote>',
        '<blockquote cite=" JaVa\tScRiPt:alert(1)"><p>Zitat</p></blockquote>',
        '<blockquote cite="data:text/html,x"><p>Zitat</p></blockquote>',
        '<a href="java&#9;script:alert(1)">Hallo</a>',
    ],
)
def test_scripts_handlers_and_dangerous_urls_never_survive(hostile: str) -> None:
    cleaned = sanitize(hostile).lower()
    for marker in (
        "<script",
        "onclick",
        "onerror",
        "javascript:",
        "data:",
        "<iframe",
        "<style",
        "style=",
        "<svg",
        "<form",
        "<input",
    ):
        assert marker not in cleaned


def test_safe_urls_survive_in_every_url_attribute() -> None:
    cleaned = sanitize(
        '<blockquote cite="https://example.org/quelle"><p>Zitat</p></blockquote><a href="/relativ">x</a>'
    )
    assert 'cite="https://example.org/quelle"' in cleaned
    assert 'href="/relativ"' in cleaned


def test_text_of_tells_whether_anything_is_left() -> None:
    assert text_of(sanitize("<script>alert(1)</script>")) == ""
    assert text_of(sanitize("<p>Hallo</p>")) == "Hallo"
