"""DataTables for the data explorer, served once as two static files of the book.

The explorer's tables (casebook.views.explorer) import DataTables from `_static/dt_bundle.js` and
its style sheet from `_static/dt_bundle.css`, by a path relative to their page. This Sphinx
extension copies the two files into the built book's `_static/` from the itables package the book
pins, so that the page carries only its data, the browser caches the library, and no request leaves
the book. Registered from casebook.render.site.
"""

from pathlib import Path

from sphinx.util.fileutil import copy_asset_file

FILES = ("dt_bundle.js", "dt_bundle.css")


def bundle_dir() -> Path:
    """The folder of the installed itables package that holds its DataTables bundle."""
    import itables

    return Path(itables.__file__).resolve().parent / "html"


def _copy(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        copy_asset_file(str(bundle_dir() / name), str(static / name))


def setup(app):
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
