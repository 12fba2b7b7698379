"""The newsroom's rules as pure logic: status moves, review states, what a revision keeps
and records as changed, word diffs, preview signatures (no DynamoDB)."""

import random
from typing import Any

import pytest

from haber.articles import preview, review, revisions, snapshots, status
from haber.articles.records import Article, ArticleText, Meta
from haber.platform import clock
from haber.platform.errors import BadRequest, Conflict

NOW = "2026-12-02T10:00:00Z"
LATER = "2026-12-09T10:00:00Z"
EARLIER = "2026-11-01T10:00:00Z"


def meta(**fields: Any) -> Meta:
    base = {"id": "aaaaaaaaaaaaaaaa", "status": "published", "published_at": EARLIER, "source_hash": "s1"}
    return Meta(**{**base, **fields})  # type: ignore[typeddict-item]


def text(lang: str = "de", **fields: Any) -> ArticleText:
    base = {"lang": lang, "title": "Titel", "summary": "Kurz", "body": "<p>Text</p>", "slug": "titel"}
    base["origin"] = "source"
    return ArticleText(**{**base, "source_hash": "s1", **fields})  # type: ignore[typeddict-item]


@pytest.mark.parametrize(
    ("before", "wanted", "stored"),
    [
        ("draft", "draft", "draft"),
        ("draft", "published", "published"),
        ("draft", None, "draft"),
        ("published", "unpublished", "unpublished"),
        ("unpublished", "published", "published"),
        ("published", None, "published"),
    ],
)
def test_allowed_moves(before: str, wanted: str | None, stored: str) -> None:
    assert status.next_status(meta(), wanted, True, NOW, meta(status=before)) == stored


@pytest.mark.parametrize(
    ("before", "wanted"), [("published", "draft"), ("unpublished", "draft"), ("draft", "unpublished")]
)
def test_refused_moves_name_the_status_field(before: str, wanted: str) -> None:
    with pytest.raises(Conflict) as refused:
        status.next_status(meta(), wanted, True, NOW, meta(status=before))
    assert refused.value.code == "invalid_transition"
    assert refused.value.details[0]["field"] == "status"


def test_publishing_a_draft_without_a_time_publishes_it_now() -> None:
    article = meta(published_at=EARLIER)
    assert status.next_status(article, "published", False, NOW, meta(status="draft")) == "published"
    assert article["published_at"] == NOW
    given = meta(published_at=EARLIER)
    status.next_status(given, "published", True, NOW, meta(status="draft"))
    assert given["published_at"] == EARLIER


def test_scheduling_needs_a_future_time_and_is_stored_as_published() -> None:
    assert status.next_status(meta(published_at=LATER), "scheduled", True, NOW, meta()) == "published"
    with pytest.raises(BadRequest):
        status.next_status(meta(published_at=EARLIER), "scheduled", True, NOW, meta())


def test_a_new_article_is_published_unless_it_asks_otherwise() -> None:
    assert status.next_status(meta(), None, False, NOW) == "published"
    assert status.next_status(meta(), "draft", False, NOW) == "draft"


def test_slugs_are_claimed_unless_a_draft_says_otherwise() -> None:
    assert status.slugs_claimed(meta())  # articles written before drafts existed
    assert not status.slugs_claimed(meta(slugs_claimed=False))


@pytest.mark.parametrize(
    ("origin", "made_from", "reviewed", "expected"),
    [
        ("source", "old", False, "source"),
        ("human", "s1", False, "human"),
        ("human", "old", False, "outdated"),
        ("machine", "s1", False, "machine"),
        ("machine", "s1", True, "reviewed"),
        ("machine", "old", True, "outdated"),
        ("machine", None, False, "machine"),  # a card written before cards kept the hash
    ],
)
def test_review_states(origin: str, made_from: str | None, reviewed: bool, expected: str) -> None:
    assert review.state(origin, made_from, "s1", reviewed) == expected


def test_a_card_keeps_what_its_review_state_is_read_from() -> None:
    card = review.card_of(text(origin="machine", reviewed_by="ayse", reviewed_at=NOW))
    assert (card["source_hash"], card["reviewed"]) == ("s1", True)
    assert review.of_card(card, meta()) == "reviewed"
    assert review.of_card(review.card_of(text(origin="machine")), meta(source_hash="s2")) == "outdated"


def test_a_snapshot_round_trips_without_keys() -> None:
    stored = {**meta(version=3), "gsi1pk": "PUB", "gsi3pk": "NEWSROOM", "pk": "ARTICLE#a", "sk": "META"}
    texts = {"de": {**text(body="<p>Grüße, Straße & İstanbul</p>"), "pk": "ARTICLE#a", "sk": "LANG#de"}}
    snapshot = snapshots.decode(snapshots.encode(stored, texts))  # type: ignore[arg-type]
    assert snapshot["meta"] == meta(version=3)
    assert snapshot["texts"] == {"de": text(body="<p>Grüße, Straße & İstanbul</p>")}


def test_a_long_article_compresses_to_a_few_write_units() -> None:
    body = "".join(
        f"<p>Absatz {n}: Der Stadtrat hat heute ein Paket für geschützte Radwege beschlossen.</p>" for n in range(120)
    )
    texts = {lang: text(lang, body=body) for lang in ("de", "tr", "en")}
    assert len(body) * 3 > 30_000
    assert len(snapshots.encode(meta(), texts)) < 4_000  # the three languages share most words here


def test_changed_fields_name_metadata_then_text_fields() -> None:
    old = Article(meta(category="politics"), {"de": text()})
    texts = {"de": text(body="<p>Neu</p>"), "tr": text("tr")}
    fields = snapshots.changed_fields(old, meta(category="economy"), texts, {"de", "tr"})
    assert fields == ["category", "title", "summary", "body"]  # tr is new: all of its fields
    assert snapshots.changed_fields(old, meta(category="politics"), {"de": text()}, set()) == []


@pytest.mark.parametrize(
    ("old", "new", "parts"),
    [
        ("a b c", "a b c", [("equal", "a b c")]),
        ("a b c", "a x c", [("equal", "a"), ("delete", "b"), ("insert", "x"), ("equal", "c")]),
        ("", "neu", [("insert", "neu")]),
        ("weg", "", [("delete", "weg")]),
        ("a b c d", "a x y d", [("equal", "a"), ("delete", "b c"), ("insert", "x y"), ("equal", "d")]),
        ("a b", "a b c", [("equal", "a b"), ("insert", "c")]),
        ("x a b", "a b", [("delete", "x"), ("equal", "a b")]),
    ],
)
def test_word_diff(old: str, new: str, parts: list[tuple[str, str]]) -> None:
    assert [(part["op"], part["text"]) for part in revisions.word_diff(old, new)] == parts


@pytest.mark.parametrize("words", [1_000, 50_000])
@pytest.mark.parametrize("case", ["one word", "every 50th", "rewritten", "one-letter words"])
def test_a_word_diff_of_any_size_gives_back_both_texts(words: int, case: str) -> None:
    """Kept and deleted words are the old text, kept and inserted the new one, at every size
    up to the largest body, whichever way the diff aligned them (its time: make bench)."""
    chosen = random.Random(words)
    vocabulary = ["der", "die", "das", "Stadt", "Rat", "Brücke.", "Köln", "und", "mit", "neu."]
    old = [chosen.choice(vocabulary) for _ in range(words)]
    new = {
        "one word": [*old[: words // 2], "geändert", *old[words // 2 + 1 :]],
        "every 50th": [word if n % 50 else "x" for n, word in enumerate(old)],
        "rewritten": [chosen.choice(vocabulary) for _ in range(words)],
        "one-letter words": ["a"] * words,
    }[case]
    parts = revisions.word_diff(" ".join(old), " ".join(new))
    assert " ".join(part["text"] for part in parts if part["op"] != "insert").split() == old
    assert " ".join(part["text"] for part in parts if part["op"] != "delete").split() == new
    if case == "one word":
        assert [part["op"] for part in parts] == ["equal", "delete", "insert", "equal"]
        assert (parts[1]["text"], parts[2]["text"]) == (old[words // 2], "geändert")


def test_a_preview_signature_binds_the_article_and_its_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "epoch_seconds", lambda: 1_800_000_000)
    expires = 1_800_000_000 + 3600
    signature = preview._signature("aaaaaaaaaaaaaaaa", expires)
    assert preview.is_valid("aaaaaaaaaaaaaaaa", str(expires), signature)
    assert not preview.is_valid("bbbbbbbbbbbbbbbb", str(expires), signature)
    assert not preview.is_valid("aaaaaaaaaaaaaaaa", str(expires + 1), signature)
    assert not preview.is_valid("aaaaaaaaaaaaaaaa", str(expires), signature.upper())
    assert not preview.is_valid("aaaaaaaaaaaaaaaa", None, signature)
    assert not preview.is_valid("aaaaaaaaaaaaaaaa", "1e9", signature)
    far = 1_800_000_000 + preview.LIFETIME_SECONDS + 60  # longer than a link may live
    assert not preview.is_valid("aaaaaaaaaaaaaaaa", str(far), preview._signature("aaaaaaaaaaaaaaaa", far))
    monkeypatch.setattr(clock, "epoch_seconds", lambda: expires + 1)
    assert not preview.is_valid("aaaaaaaaaaaaaaaa", str(expires), signature)


@pytest.mark.parametrize(
    ("expires", "signature"),
    [("²", None), ("١٢", None), (None, "é"), (None, "é" * 32), (None, "0" * 31 + "\n"), ("1" * 13, None)],
)
def test_a_preview_link_with_characters_no_link_has_is_refused_not_an_error(
    monkeypatch: pytest.MonkeyPatch, expires: str | None, signature: str | None
) -> None:
    monkeypatch.setattr(clock, "epoch_seconds", lambda: 1_800_000_000)
    good_expires = str(1_800_000_000 + 3600)
    good = preview._signature("aaaaaaaaaaaaaaaa", int(good_expires))
    assert not preview.is_valid("aaaaaaaaaaaaaaaa", expires or good_expires, signature or good)


def test_a_takedown_ends_the_links_made_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "epoch_seconds", lambda: 1_800_000_000)
    expires = 1_800_000_000 + 3600
    before = preview._signature("aaaaaaaaaaaaaaaa", expires, takedowns=0)
    assert preview.is_valid("aaaaaaaaaaaaaaaa", str(expires), before, takedowns=0)
    assert not preview.is_valid("aaaaaaaaaaaaaaaa", str(expires), before, takedowns=1)
    after = preview._signature("aaaaaaaaaaaaaaaa", expires, takedowns=1)
    assert preview.is_valid("aaaaaaaaaaaaaaaa", str(expires), after, takedowns=1)
