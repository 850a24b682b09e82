"""GX Data Docs that open without a network.

GX's page templates load bootstrap, jQuery, vega, Font Awesome and friends from CDNs and the logo
from S3, and have no setting to load them elsewhere (a custom views directory is searched after
the built-in templates, so it cannot replace them). After GX builds a site, `localize_data_docs`
copies the vendored assets (`data_docs_assets/`, the versions the templates name) into
`<docs>/static/vendor/` and rewrites every page to load them by relative path, so a site keeps
working when its folder is moved or opened from disk. It also gives each page the document
title of its breadcrumb (GX leaves it generic), which names the suite, data asset and run.
Plain file work: GX is not imported here.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDORED_ASSETS = Path(__file__).resolve().parent / "data_docs_assets"
VENDOR_DIR = "static/vendor"  # under the docs folder

_GX_WEB_ASSETS = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com"

# Every remote asset the GX 1.24 templates load -> the file under the docs folder that replaces it.
LOCAL_COPIES: dict[str, str] = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": f"{VENDOR_DIR}/bootstrap-4.3.1/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": f"{VENDOR_DIR}/bootstrap-4.3.1/bootstrap.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        f"{VENDOR_DIR}/bootstrap-dark-1.1.0/bootstrap-prefers-dark.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        f"{VENDOR_DIR}/bootstrap-datepicker-1.9.0/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        f"{VENDOR_DIR}/bootstrap-datepicker-1.9.0/bootstrap-datepicker.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": f"{VENDOR_DIR}/bootstrap-table-1.19.1/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": f"{VENDOR_DIR}/bootstrap-table-1.19.1/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        f"{VENDOR_DIR}/bootstrap-table-1.19.1/extensions/filter-control/bootstrap-table-filter-control.min.js",
    # The index page takes the minified filter-control stylesheet, the other pages the plain one.
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        f"{VENDOR_DIR}/bootstrap-table-1.19.1/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        f"{VENDOR_DIR}/bootstrap-table-1.19.1/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": f"{VENDOR_DIR}/fontawesome-free-6.6.0/css/all.min.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": f"{VENDOR_DIR}/jquery-3.7.1/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": f"{VENDOR_DIR}/popper.js-1.12.9/popper.min.js",
    "https://cdn.jsdelivr.net/npm/vega@5": f"{VENDOR_DIR}/vega-5.33.1/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": f"{VENDOR_DIR}/vega-lite-5.23.0/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": f"{VENDOR_DIR}/vega-embed-6.29.0/vega-embed.min.js",
    # GX ships the logo in its own static images; there is no dark variant, so dark mode shows the same one.
    f"{_GX_WEB_ASSETS}/logo-long.png": "static/images/logo-long.png",
    f"{_GX_WEB_ASSETS}/full_logo_dark.png": "static/images/logo-long.png",
}

# A known URL (not the start of a longer one), with any query string: GX adds a cache buster to the logo.
_REMOTE = re.compile("(" + "|".join(map(re.escape, LOCAL_COPIES)) + r")(?![\w.@/-])(?:\?[^\"'\s)]*)?")
_TAG = re.compile(r"<(?:script|link|img)\b[^>]*>")
# Subresource integrity needs a CORS fetch, which a page opened from disk cannot make: it would block the file.
_INTEGRITY = re.compile(r"\s+(?:integrity|crossorigin)=\"[^\"]*\"")
# GX's own static files, by a path relative to the page (its favicon path on result pages is a level short).
_GX_STATIC = re.compile(r"\b((?:href|src)=\")(?:\./|(?:\.\./)+)(?=static/)")
_BREADCRUMB = re.compile(r'<li class="[^"]*\bbreadcrumb-item active" aria-current="page">(.*?)</li>', re.S)
_TITLE = re.compile(r"<title>.*?</title>", re.S)


def localize_data_docs(docs_dir: Path) -> None:
    """Copy the vendored assets into `docs_dir` and point its pages and GX's stylesheets at them."""
    shutil.copytree(VENDORED_ASSETS, docs_dir / VENDOR_DIR, dirs_exist_ok=True)
    for page in [*docs_dir.rglob("*.html"), *(docs_dir / "static" / "styles").glob("*.css")]:
        text = page.read_text(encoding="utf-8")
        localized = _localized(_titled(text), Path(os.path.relpath(docs_dir, page.parent)).as_posix())
        if localized != text:
            page.write_text(localized, encoding="utf-8")


def _localized(text: str, to_docs_root: str) -> str:
    """A page or stylesheet loading local files only, `to_docs_root` being the relative path from
    its folder to the docs folder."""

    def local_copy(match: re.Match[str]) -> str:
        return f"{to_docs_root}/{LOCAL_COPIES[match.group(1)]}"

    def localized_tag(match: re.Match[str]) -> str:
        tag = match.group(0)
        localized = _REMOTE.sub(local_copy, tag)
        return _INTEGRITY.sub("", localized) if localized != tag else tag

    text = _GX_STATIC.sub(lambda match: f"{match.group(1)}{to_docs_root}/", text)
    return _REMOTE.sub(local_copy, _TAG.sub(localized_tag, text))  # the second pass: url() in inline styles


def _titled(page: str) -> str:
    """The page with its breadcrumb (e.g. `Validations / articles / articles / <run id> / <time>`) as its title."""
    breadcrumb = _BREADCRUMB.search(page)
    if breadcrumb is None:  # the index page
        return page
    return _TITLE.sub(lambda _: f"<title>{breadcrumb.group(1).strip()}</title>", page, count=1)
