"""HTML to PDF with WeasyPrint: the page is rendered by a template, the PDF only prints it.

Nothing is fetched while printing: styles are static files read from disk, charts come as
inline SVG in the HTML.
"""

from collections.abc import Sequence

from django.contrib.staticfiles import finders


def html_to_pdf(html: str, *, stylesheets: Sequence[str] = ()) -> bytes:
    """PDF bytes of an HTML document, styled with the given static CSS files (by static path)."""
    from weasyprint import CSS, HTML, URLFetcher  # heavy; only PDF downloads need it

    # Only data: URIs are read; anything else (http, file) is skipped with a warning.
    fetcher = URLFetcher(allowed_protocols=["data"])
    styles = []
    for name in stylesheets:
        path = finders.find(name)
        if not isinstance(path, str):
            raise FileNotFoundError(f"static file {name} not found")
        styles.append(CSS(filename=path, url_fetcher=fetcher))
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=styles)
    return pdf
