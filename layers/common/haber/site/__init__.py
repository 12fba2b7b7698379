"""The reader pages: server-rendered HTML per language, feeds and sitemaps, built from the
same data and UI catalog as the API."""

from haber.site import feeds as feeds
from haber.site import pages as pages
from haber.site.web import Site as Site
from haber.site.web import page as page
from haber.site.web import redirect as redirect
from haber.site.web import static as static
from haber.site.web import xml as xml
