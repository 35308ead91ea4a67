"""Great Expectations' Data Docs pages that render with no network (docs/operations.md, "Bad
input": the reports are readable offline).

GX's page templates link Bootstrap, Popper, jQuery, bootstrap-table (the tables' search and
sorting), bootstrap-datepicker, bootstrap-dark (the dark colour scheme), Font Awesome (the status
icons) and Vega (charts) from CDNs, and its logo from its own web server: offline, a page is
unstyled and its logo broken. Each of those CDN files is a file of an npm package at the version
its URL names: package.json pins the packages, package-lock.json their hashes, and `make install`
puts them in node_modules/ (`npm ci`). The logo and the favicon are GX's own, from the
great_expectations package. A page links copies of them in an assets folder, copied there once
for all the pages that link it; nothing is fetched when a page is written or opened.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from functools import cache
from importlib import metadata, util
from pathlib import Path

from dagster_project.lib.configuration.settings import REPO_ROOT

NODE_MODULES = REPO_ROOT / "node_modules"
GX = "great_expectations"
GX_IMAGES = "render/view/static/images"


@dataclass(frozen=True)
class Asset:
    """A file of a package: an npm package of node_modules/, or GX's own (GX)."""

    package: str
    file: str

    @property
    def path(self) -> Path:
        root = _gx_dir() if self.package == GX else NODE_MODULES / self.package
        return _installed(root / self.file)

    @property
    def copy_name(self) -> str:
        """Its place in an assets folder: the package's version in the name, so that a page written
        before an upgrade keeps the files it was written with."""
        return f"{self.package}@{package_version(self.package)}/{self.file}"

    def beside(self, url: str) -> Asset:
        """The file of the same package that this file names by a relative URL."""
        file = posixpath.join(posixpath.dirname(self.file), re.split(r"[?#]", url, maxsplit=1)[0])
        return Asset(self.package, posixpath.normpath(file))


_GX_WEB = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
_LOGO = Asset(GX, f"{GX_IMAGES}/logo-long.png")
# Each URL GX's templates link (the logo's without the query GX adds) → the file it serves.
CDN_ASSETS = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": Asset(
        "bootstrap", "dist/css/bootstrap.min.css"
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": Asset(
        "bootstrap", "dist/js/bootstrap.min.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": Asset(
        "popper.js", "dist/umd/popper.min.js"
    ),
    "https://code.jquery.com/jquery-3.7.1.min.js": Asset("jquery", "dist/jquery.min.js"),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": Asset(
        "bootstrap-table", "dist/bootstrap-table.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": Asset(
        "bootstrap-table", "dist/bootstrap-table.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": Asset(
        "bootstrap-table", "dist/extensions/filter-control/bootstrap-table-filter-control.min.js"
    ),
    # GX names 1.19.0 for this one file; 1.19.1's is the same bytes.
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": Asset(
        "bootstrap-table", "dist/extensions/filter-control/bootstrap-table-filter-control.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": Asset(
        "bootstrap-datepicker", "dist/css/bootstrap-datepicker.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": Asset(
        "bootstrap-datepicker", "dist/js/bootstrap-datepicker.min.js"
    ),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": Asset(
        "@forevolve/bootstrap-dark", "dist/css/bootstrap-prefers-dark.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": Asset(
        "@fortawesome/fontawesome-free", "css/all.min.css"
    ),
    # For a bare name@major, jsDelivr serves the package's browser build (its "jsdelivr" file).
    "https://cdn.jsdelivr.net/npm/vega@5": Asset("vega", "build/vega.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-lite@5": Asset("vega-lite", "build/vega-lite.min.js"),
    "https://cdn.jsdelivr.net/npm/vega-embed@6": Asset("vega-embed", "build/vega-embed.min.js"),
    _GX_WEB + "logo-long.png": _LOGO,
    # The dark colour scheme's white logo, which the package does not ship: the logo, inverted.
    _GX_WEB + "full_logo_dark.png": _LOGO,
}
_DARK_LOGO_STYLE = (
    "<style>@media (prefers-color-scheme: dark) { .navbar-brand a { filter: invert(1); } }</style>"
)
# A reference in a tag's href or src (the tag before it, the reference, the tag after it), and in
# CSS (its quote, the reference).
_TAG_REFERENCE = re.compile(r'(<(?:link|script|img)\b[^>]*?\b(?:href|src)=")([^"]+)("[^>]*>)')
_CSS_REFERENCE = re.compile(r"""url\((['"]?)([^'")]+)\1\)""")
# Subresource integrity asks the file's origin for CORS, which a file:// page cannot give.
_INTEGRITY = re.compile(r'\s(?:integrity|crossorigin)="[^"]*"')


@cache
def _gx_dir() -> Path:
    """The great_expectations package's folder, found without importing it (seconds)."""
    return Path(util.find_spec(GX).origin).parent


@cache
def package_version(package: str) -> str:
    """The installed version of an npm package of node_modules/, or of GX."""
    if package == GX:
        return metadata.version(GX)
    manifest = _installed(NODE_MODULES / package / "package.json")
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def _installed(path: Path) -> Path:
    """`path`, or a FileNotFoundError that says how to install it."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: `make install` installs the files that the Great "
            "Expectations pages show offline (npm ci, from package-lock.json)"
        )
    return path


def asset_for(url: str) -> Asset | None:
    """The file a reference of a GX page names: a CDN file, or one of GX's static images (which
    its pages name relative to the layout of a GX Data Docs site, not ours)."""
    bare = url.split("?", 1)[0]
    static = re.fullmatch(r"(?:\.\./)*static/images/([\w.-]+)", bare)
    return Asset(GX, f"{GX_IMAGES}/{static.group(1)}") if static else CDN_ASSETS.get(bare)


def with_local_assets(page: str, page_dir: Path, assets_dir: Path) -> str:
    """The GX page, to be written in page_dir, linking copies of its files in assets_dir; each is
    copied there unless it is already (with the fonts its CSS names)."""
    href = Path(os.path.relpath(assets_dir, page_dir)).as_posix()

    def link(asset: Asset) -> str:
        _copy(asset, assets_dir)
        return f"{href}/{asset.copy_name}"

    def in_tag(match: re.Match) -> str:
        before, url, after = match.groups()
        asset = asset_for(url)
        return match.group(0) if asset is None else _INTEGRITY.sub("", before + link(asset) + after)

    def in_css(match: re.Match) -> str:
        asset = asset_for(match.group(2))
        return match.group(0) if asset is None else f"url('{link(asset)}')"

    page = _CSS_REFERENCE.sub(in_css, _TAG_REFERENCE.sub(in_tag, page))
    return page.replace("</head>", f"{_DARK_LOGO_STYLE}</head>", 1)


def _copy(asset: Asset, assets_dir: Path) -> None:
    target = assets_dir / asset.copy_name
    if target.exists():
        return
    if asset.file.endswith(".css"):
        for match in _CSS_REFERENCE.finditer(asset.path.read_text(encoding="utf-8")):
            if not match.group(2).startswith(("data:", "#")):
                _copy(asset.beside(match.group(2)), assets_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Copied beside, then renamed: a page never links a half-copied file.
    partial = target.with_name(f"{target.name}.partial")
    shutil.copyfile(asset.path, partial)
    partial.replace(target)
