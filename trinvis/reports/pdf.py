"""HTML to PDF with WeasyPrint: the page is rendered by a template, the PDF only prints it.

Nothing is fetched while printing: styles come as files found by the caller, charts as
inline SVG in the HTML.
"""

from collections.abc import Sequence
from pathlib import Path


def html_to_pdf(html: str, *, stylesheets: Sequence[str | Path] = ()) -> bytes:
    """PDF bytes of an HTML document, styled with the given CSS files."""
    from weasyprint import CSS, HTML, URLFetcher  # heavy; only PDF downloads need it

    # Only data: URIs are read; anything else (http, file) is skipped with a warning.
    fetcher = URLFetcher(allowed_protocols=["data"])
    styles = [CSS(filename=str(path), url_fetcher=fetcher) for path in stylesheets]
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=styles)
    return pdf
