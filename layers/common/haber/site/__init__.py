"""The reader pages: server-rendered HTML per language, feeds and sitemaps, built from the
same data and UI catalog as the API."""

from haber.site import feeds, views
from haber.site.web import Site, page, redirect, static, xml

__all__ = ["Site", "feeds", "page", "redirect", "static", "views", "xml"]
