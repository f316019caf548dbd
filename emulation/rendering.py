"""The official-document pipeline: one HTML template serves the browser preview and the
PDF (WeasyPrint). The URL fetcher serves only the project's own static files, so user
text holding <img src="http://..."> or file:///etc/passwd fetches nothing."""

import functools
import hashlib
import mimetypes
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.template.loader import render_to_string

from .headers import Header
from .word import html_to_docx

# Documents are rendered with this base URL, so "/static/fonts/x.ttf" in a template
# becomes http://document.invalid/static/fonts/x.ttf: a host that cannot exist.
DOCUMENT_BASE_URL = "http://document.invalid/"
STATIC_PREFIX = "/static/"


@functools.cache
def _static_only_fetcher():
    """The fetcher class, made when first asked: WeasyPrint takes a second to import,
    which every process (a test, a management command) would pay at start."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Fetch /static/... files of the project from disk; refuse everything else."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if (
                f"{parts.scheme}://{parts.netloc}/" != DOCUMENT_BASE_URL
                or not parts.path.startswith(STATIC_PREFIX)
                or ".." in parts.path
            ):
                raise ValueError(f"Refused to fetch {url!r}: documents use only local files")
            path = finders.find(parts.path[len(STATIC_PREFIX) :])
            if not path:
                raise ValueError(f"No static file {parts.path!r}")
            mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as handle:
                return URLFetcherResponse(url, handle.read(), {"Content-Type": mime_type})

    return StaticOnlyFetcher


def __getattr__(name):
    # `StaticOnlyFetcher`: the class of _static_only_fetcher, made on first use
    if name == "StaticOnlyFetcher":
        return _static_only_fetcher()
    raise AttributeError(name)


def weasyprint_html(html):
    """WeasyPrint's document of `html`, fetching only the project's static files."""
    from weasyprint import HTML

    return HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=_static_only_fetcher()())


def html_to_pdf(html):
    return weasyprint_html(html).write_pdf()


# Documents made from the same HTML are the same file: kept in this process's memory
# under the digest of the HTML and the format (settings.CACHES "documents"), so a plan
# downloaded again, by anyone, is not laid out again while nothing in it changed. Only
# who may read the HTML gets its digest: nothing leaks from one person to another.
DOCUMENTS = "documents"
DOCUMENT_LIMIT = 2 * 1024 * 1024  # bytes; a larger file is made each time


def kept_document(html, kind, make):
    """`make(html)` (the PDF or Word file of `html`), kept while small."""
    key = f"{kind}:{hashlib.sha256(html.encode()).hexdigest()}"
    kept = caches[DOCUMENTS]
    content = kept.get(key)
    if content is None:
        content = make(html)
        if len(content) <= DOCUMENT_LIMIT:
            kept.set(key, content)
    return content


class OfficialDocument:
    """Base of every official document: build the context once, render HTML, PDF."""

    template_name = None

    def context(self):
        raise NotImplementedError

    def filename(self, extension):
        raise NotImplementedError

    def html(self, preview=False, **extra):
        """The document as HTML; `preview` adds the on-screen sheet and `extra` context
        (links of the preview bar)."""
        if not hasattr(self, "_context"):
            self._context = self.context()
            self._context.setdefault("header", self.default_header(self._context))
        return render_to_string(self.template_name, {**self._context, **extra, "preview": preview})

    def default_header(self, context):
        """The header of a document its organisation issues itself (Nghị định 30), from
        the context's governing body, issuer, reference and date line."""
        return Header.state(
            context.get("governing_body", ""),
            context.get("issuer", ""),
            context.get("reference", ""),
            context.get("date_line", ""),
        )

    def pdf(self):
        return kept_document(self.html(), "pdf", html_to_pdf)

    def docx(self):
        """The same document as Word (emulation/word.py), from the same HTML."""
        return kept_document(self.html(), "docx", html_to_docx)
