"""Media: images uploaded to S3, checked and resized by the media processor, described in
every language, and used by articles as lead image and figures."""

from typing import TYPE_CHECKING

from haber.media.figures import FORMATS as FORMATS
from haber.media.figures import description as description
from haber.media.figures import expand as expand
from haber.media.figures import figure_html as figure_html
from haber.media.figures import figure_ids as figure_ids
from haber.media.figures import served as served
from haber.media.records import Description as Description
from haber.media.records import ForEditors as ForEditors
from haber.media.records import Image as Image
from haber.media.records import MediaItem as MediaItem
from haber.platform import lazy

# Readers only need the figures; the library, uploads and processing load on first use.
if TYPE_CHECKING:
    from haber.media.library import create as create
    from haber.media.library import delete as delete
    from haber.media.library import for_editors as for_editors
    from haber.media.library import listing as listing
    from haber.media.library import load as load
    from haber.media.library import source_hash as source_hash
    from haber.media.library import update as update
    from haber.media.models import CONTENT_TYPES as CONTENT_TYPES
    from haber.media.models import MediaCreate as MediaCreate
    from haber.media.models import MediaUpdate as MediaUpdate
    from haber.media.settings import MediaSettings as MediaSettings
    from haber.media.usage import described as described
    from haber.media.usage import operations as operations
else:
    __getattr__ = lazy.names(__name__)
