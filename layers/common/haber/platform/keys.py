"""Every key of the single table, and nothing else builds one; docs/data-model.md gives the
access pattern behind each.

pk                                 sk              what                                       index keys
ARTICLE#<id>                       META            metadata + listing cards                   gsi1 PUB, gsi2 CAT#<cat>
ARTICLE#<id>                       LANG#<lang>     one rendition (title, summary, body)
ARTICLE#<id>                       TAG#<tag>       listing copy for a tag                     gsi1 TAG#<tag>
ARTICLE#<id>                       AUTHOR#<author> listing copy for an author                 gsi1 AUTHOR#<author>
ARTICLE#<id>                       MEDIA           the article's images as readers see them
ARTICLE#<id>                       STATS           totals: views (day, week), reactions, shares; shard marks
ARTICLE#<id>                       REFRESH#<lang>  a request for a fresh machine translation
SLUG#<lang>#<slug>                 SLUG            claim of a localized slug
MEDIA#<id>                         MEDIA           an image: status, renditions, texts       gsi1 MEDIA, gsi2 MEDIA#<st>
CATEGORY                           <category>      localized names and article count
AUTHORS                            <author>        name, bio by language, photo, links
TAGS                               <tag>           names and slugs by language
AUTHOR_SLUG#<lang>#<slug>          SLUG            an author's address: a copy of it, or (left by a rename) its id
TAG_SLUG#<lang>#<slug>             SLUG            a tag's address, likewise
COMMENTS#<article>                 #               thread header: count + article state       gsi2 same
COMMENTS#<article>                 C#<comment>     visible top-level comment                  gsi2 C#<inverted id>
COMMENTS#<article>                 R#<parent>#<c>  visible reply
COMMENT#<comment>                  COMMENT         the comment in any status                  gsi1 MOD#<status>
RATE#<client>#<window>#<start>     RATE            a rate-limit window (TTL)
IDEMPOTENCY#<scope>                <hash>          Powertools' idempotency record (TTL)
VIEW#<article>#<day>#<address>     VIEW            the clients of an address who viewed (TTL)
REACTION#<art>#<kind>#<day>#<addr> REACTION        the clients of an address who reacted (TTL)
SHARE#<art>#<net>#<day>#<client>   SHARE           a share (TTL)
TOP#<window>#<period>              TOP             most-read: top 100 articles' views in the period
PARKED#<consumer>                  <event id>      a stream record that failed, for a redrive (TTL)
TM#<src>#<dst>#<prov>#<v>#<hash>   TM              translation memory: one segment
BUDGET#<yyyy-mm>                   BUDGET          characters sent to providers this month
GLOSSARY                           CURRENT         protected names and term rules, versioned
I18N#<lang>                        <key>           a machine-translated UI string
I18N#<lang>                        #REQUEST        a request to translate missing UI strings
"""

from datetime import datetime

Key = dict[str, str]

PUBLISHED = "PUB"  # gsi1 partition of the published timeline
META = "META"
THREAD_HEADER = "#"
NEWSROOM = "NEWSROOM"  # gsi3 partition of every article in any state, last changed first
INDEX_KEYS = ("gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk")

# -- articles ----------------------------------------------------------------------------


def article(article_id: str) -> str:
    return f"ARTICLE#{article_id}"


def article_id_of(pk: str) -> str:
    return pk.removeprefix("ARTICLE#")


def meta(article_id: str) -> Key:
    return {"pk": article(article_id), "sk": META}


TEXT_PREFIX = "LANG#"  # an article's texts (one per language) sort before META, tag entries after it
CORRECTION_PREFIX = "CORRECTION#"  # its corrections sort before its texts: one Query reads both


def text(lang: str) -> str:
    return f"{TEXT_PREFIX}{lang}"


def correction(article_id: str, at: str, suffix: str) -> Key:
    return {"pk": article(article_id), "sk": f"{CORRECTION_PREFIX}{at}#{suffix}"}


TAG_PREFIX = "TAG#"


def tag(name: str) -> str:
    return f"{TAG_PREFIX}{name}"


def category_index(category: str) -> str:
    return f"CAT#{category}"


def slug(lang: str, value: str) -> Key:
    return {"pk": f"SLUG#{lang}#{value}", "sk": "SLUG"}


AUTHOR_PREFIX = "AUTHOR#"


def byline(author_id: str) -> str:
    """The sort key of an article's entry in an author's timeline, and that timeline's gsi1 partition."""
    return f"{AUTHOR_PREFIX}{author_id}"


AUTHORS = "AUTHORS"
TAGS = "TAGS"


def author(author_id: str) -> Key:
    return {"pk": AUTHORS, "sk": author_id}


def tag_record(tag_id: str) -> Key:
    """A tag's names (the article's entries in its timeline are `tag()`)."""
    return {"pk": TAGS, "sk": tag_id}


def directory_address(kind: str, lang: str, value: str) -> Key:
    """An author's or a tag's address in a language (`kind`: author, tag), found in one GetItem."""
    return {"pk": f"{kind.upper()}_SLUG#{lang}#{value}", "sk": "SLUG"}


CATEGORIES = "CATEGORY"


def category(category_id: str) -> Key:
    return {"pk": CATEGORIES, "sk": category_id}


def timeline(published_at: str, article_id: str) -> str:
    """Sort key of the listing indexes: newest first when read backwards."""
    return f"{published_at}#{article_id}"


def timeline_until(now_iso: str) -> str:
    """The highest timeline key that is live now: later ones are scheduled."""
    return f"{now_iso}#~"


def newsroom_order(updated_at: str, article_id: str) -> str:
    """Sort key of the newsroom's list: the last change first when read backwards."""
    return f"{updated_at}#{article_id}"


def revisions(article_id: str) -> str:
    """An article's revisions live in a partition of their own: reading it stays one Query."""
    return f"REVISIONS#{article_id}"


REVISION_PREFIX = "REV#"


def revision(article_id: str, number: int) -> Key:
    return {"pk": revisions(article_id), "sk": f"{REVISION_PREFIX}{number:09d}"}


def refresh_request(article_id: str, lang: str) -> Key:
    return {"pk": article(article_id), "sk": f"REFRESH#{lang}"}


# -- media -------------------------------------------------------------------------------

MEDIA_LIBRARY = "MEDIA"  # gsi1 partition of every media item, newest first


def media(media_id: str) -> Key:
    return {"pk": f"MEDIA#{media_id}", "sk": "MEDIA"}


def media_by_status(status: str) -> str:
    return f"MEDIA#{status}"


def article_media(article_id: str) -> Key:
    """The descriptions of an article's images, beside its renditions (sorts before META)."""
    return {"pk": article(article_id), "sk": "MEDIA"}


# -- comments ----------------------------------------------------------------------------


def comment_thread(article_id: str) -> str:
    return f"COMMENTS#{article_id}"


def thread_header(article_id: str) -> Key:
    return {"pk": comment_thread(article_id), "sk": THREAD_HEADER}


TOP_LEVEL_LAST = "C#~"  # top-level entries sort between the header and this


def comment_entry(comment_id: str, parent_id: str | None) -> str:
    return f"R#{parent_id}#{comment_id}" if parent_id else f"C#{comment_id}"


def visible_comment(article_id: str, comment_id: str, parent_id: str | None = None) -> Key:
    return {"pk": comment_thread(article_id), "sk": comment_entry(comment_id, parent_id)}


def replies_of(parent_id: str) -> str:
    """The sort-key prefix of a comment's replies."""
    return f"R#{parent_id}#"


def newest_first_entry(inverted_id: str) -> str:
    return f"C#{inverted_id}"


def comment_record(comment_id: str) -> Key:
    return {"pk": f"COMMENT#{comment_id}", "sk": "COMMENT"}


def moderation_queue(status: str) -> str:
    return f"MOD#{status}"


def rate_window(client: str, window: str, start: int) -> Key:
    return {"pk": f"RATE#{client}#{window}#{start}", "sk": "RATE"}


def idempotency_scope(scope: str) -> str:
    return f"IDEMPOTENCY#{scope}"


# -- counters ----------------------------------------------------------------------------


def stats(article_id: str) -> Key:
    return {"pk": article(article_id), "sk": "STATS"}


def view(article_id: str, day: str, address: str) -> Key:
    """The readers of one address who viewed an article on a day (a set of client hashes)."""
    return {"pk": f"VIEW#{article_id}#{day}#{address}", "sk": "VIEW"}


def reaction(article_id: str, kind: str, day: str, address: str) -> Key:
    return {"pk": f"REACTION#{article_id}#{kind}#{day}#{address}", "sk": "REACTION"}


def share(article_id: str, network: str, day: str, visitor: str) -> Key:
    return {"pk": f"SHARE#{article_id}#{network}#{day}#{visitor}", "sk": "SHARE"}


def ranking(window: str, moment: datetime) -> str:
    """TOP#day#2026-11-29 or TOP#week#2026-W48: calendar periods in UTC."""
    if window == "day":
        return f"TOP#day#{moment:%Y-%m-%d}"
    year, week, _ = moment.isocalendar()
    return f"TOP#week#{year}-W{week:02d}"


def leaderboard(window: str, moment: datetime) -> Key:
    """The most-read of a day or week: the top articles and their views in the period."""
    return {"pk": ranking(window, moment), "sk": "TOP"}


def parked_records(consumer: str) -> str:
    return f"PARKED#{consumer}"


def parked_record(consumer: str, stream_event_id: str) -> Key:
    """A stream record its consumer could not handle, kept for a redrive (TTL)."""
    return {"pk": parked_records(consumer), "sk": stream_event_id}


# -- translation -------------------------------------------------------------------------


MEMORY = "TM"


def memory(source: str, target: str, provider: str, glossary_version: int, digest: str) -> Key:
    return {"pk": f"TM#{source}#{target}#{provider}#{glossary_version}#{digest}", "sk": MEMORY}


def budget(month: datetime) -> Key:
    return {"pk": f"BUDGET#{month:%Y-%m}", "sk": "BUDGET"}


GLOSSARY: Key = {"pk": "GLOSSARY", "sk": "CURRENT"}

# -- UI strings --------------------------------------------------------------------------


def ui_strings(lang: str) -> str:
    return f"I18N#{lang}"


UI_REQUEST = "#REQUEST"


def ui_string(lang: str, key: str) -> Key:
    return {"pk": ui_strings(lang), "sk": key}
