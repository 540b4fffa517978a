"""The book's site: its public address, print styles, PDF links and bibliography markup.

A Sphinx extension, loaded from _config.yml (`sphinx.extra_extensions`). It

- sets `html_baseurl` from the one setting (casebook.render.citation.base_url), so that every page gets a
  canonical link and the sitemap (sphinx-sitemap, loaded only then) lists the public addresses; a
  book built without a public address prints none;
- adds the print style sheet (static/casebook.css) and, per page, the running heads of a printed
  page: book title, version, the page's public address and "page N of M";
- points the ".pdf" download of each page at the PDF `make pdf` prints (pdf/<name>.pdf), and adds
  the whole book (pdf/book.pdf);
- makes the first column of a table with an empty top-left header its row headers;
- writes the bibliography as a list of list items (docutils marks each entry with the deprecated
  `doc-biblioentry` role inside a `list`, which screen readers and axe-core reject);
- loads casebook.render.execution, which names the folder of Jupyter Book's execution cache by the
  digest of the book's inputs and, when that folder is new, executes the notebooks into it in parallel;
- writes the bibliography file (`bibtex_bibfiles`) from the sources table before it is read, and
  every chapter's zip and the whole dataset's files (casebook.render.downloads) into
  book/_downloads of the source being built before any page is read, so that the pages' download
  links find them; again only when the book's inputs changed (casebook.render.inputs);
- registers the `casebook` bibliography style (labels are source ids, casebook.render.bibliography);
- adds a "Cite this figure" line under every labelled figure (casebook.render.citation.figure_citation);
- keeps every page light: its template (templates/layout.html) leaves Font Awesome's script out and
  loads the other scripts at the end of the body; sphinx-thebe's files are left out of pages that
  offer no Thebe launch; the style sheets of the theme and the extensions are linked as one,
  written at build time without the rules that match nothing in the book (casebook.render.styles).
"""

import json
import re
import shutil
from functools import lru_cache
from pathlib import Path

from docutils import nodes

from casebook import __version__
from casebook.render import bibliography, citation, inputs, styles
from casebook.render.pages import BOOK_PDF, DOWNLOADS, PDF_DIR, toc_files

HERE = Path(__file__).resolve().parent
CITE_PAGE = "book/methods/cite-and-reuse"


@lru_cache(maxsize=1)
def _toc() -> tuple[str, ...]:
    return tuple(toc_files())


def pdf_name(pagename: str) -> str | None:
    """The PDF `make pdf` prints for a page of the table of contents (None for other pages)."""
    return f"{Path(pagename).name}.pdf" if pagename in _toc() else None


def _write_bibliography(app, config, data=None) -> None:
    """Generate the bibliography files the book names (`bibtex_bibfiles`) from the sources table
    (of `data`, else of the package loaded now), inside the source folder being built; a file is
    rewritten only when its text changes, so an unchanged bibliography does not make Sphinx reread
    the pages that cite it."""
    import casebook

    names = getattr(config, "bibtex_bibfiles", None) or []
    if names and data is None:
        data = casebook.load(check_quotes=False)
    text = bibliography.bibtex(data.sources) if names else ""
    for name in names:
        path = Path(app.srcdir) / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def _write_downloads(app, config, data) -> None:
    """The downloads the pages link to, written from the data package into book/_downloads: the whole
    dataset's files, and the zip of each chapter in the book's table of contents."""
    from casebook import settings
    from casebook.render import downloads  # the figures' and tables' code: loaded only when needed

    folder = Path(app.srcdir) / DOWNLOADS
    shutil.rmtree(folder, ignore_errors=True)
    toc = toc_files(Path(app.srcdir, getattr(config, "external_toc_path", "_toc.yml")))
    downloads.write_book(folder.parent, data, settings.data_dir(), pages=[name.removeprefix("book/") for name in toc])


def _write_generated(app, config) -> None:
    """The build's data check, and the files the pages read, written from the data before any is
    read (the bibliography, which sphinxcontrib-bibtex reads when the build starts, and the
    downloads). The data are loaded with the full check (quotes against the archive included), so
    that invalid data stop the build before any notebook runs. All of it is skipped when the stamp
    in book/_downloads holds the digest of the current inputs: the data, the archive and the
    checks are those of the build that wrote it, so a build with nothing changed loads no data."""
    import casebook

    stamp, key = Path(app.srcdir) / DOWNLOADS / ".inputs", inputs.digest()
    bibfiles = [Path(app.srcdir) / name for name in getattr(config, "bibtex_bibfiles", None) or []]
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key and all(path.is_file() for path in bibfiles):
        return
    data = casebook.load()
    _write_bibliography(app, config, data)
    _write_downloads(app, config, data)
    stamp.write_text(key, encoding="utf-8")


def _configure(app, config) -> None:
    config.html_baseurl = citation.base_url() or ""
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]
    config.templates_path = [str(HERE / "templates"), *config.templates_path]
    # sphinx-book-theme's sidebar, with the book's title link inside a landmark (casebook-home.html).
    config.html_sidebars = {"**": ["casebook-home.html", "icon-links.html", "search-button-field.html",
                                   "sbt-sidebar-nav.html"]}
    # The search page ranks a page whose title holds the words searched for first.
    config.html_search_scorer = str(HERE / "static" / "search-scorer.js")
    if config.html_baseurl:  # sphinx-sitemap is loaded (setup)
        config.sitemap_url_scheme = "{link}"
        config.sitemap_excludes = ["search.html", "genindex.html"]


def _css_string(text: str) -> str:
    """A CSS string literal (JSON's escaping is valid CSS for these characters)."""
    return json.dumps(text, ensure_ascii=False).replace("</", "<\\/")


def _launches_thebe(config) -> bool:
    """Whether the book offers to run its code in the page (a launch button with Thebe)."""
    launch = (config.html_theme_options or {}).get("launch_buttons") or {}
    return bool(launch.get("thebe"))


def _asset_name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _drop_thebe(context) -> None:
    """Take sphinx-thebe's scripts and style sheet out of a page that offers no Thebe launch: they
    serve no reader there, and Sphinx 7.4 writes its inline configuration twice, which throws
    ("Identifier 'THEBE_JS_URL' has already been declared") on every page."""
    def thebe(asset) -> bool:
        body = str((getattr(asset, "attributes", None) or {}).get("body", ""))
        return "sphinx-thebe" in _asset_name(asset) or "THEBE_JS_URL" in body

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not thebe(asset)]


def _lighten(app, pagename, templatename, context, doctree) -> None:
    if not _launches_thebe(app.config):
        _drop_thebe(context)


def _page(app, pagename, templatename, context, doctree) -> None:
    url = citation.page_url(pagename)
    title = citation.metadata()["title"]
    context["metatags"] = context.get("metatags", "") + (
        '\n<style media="print">@page {'
        f" @top-left {{ content: {_css_string(title)}; }}"
        f" @top-right {{ content: {_css_string('Version ' + __version__)}; }}"
        + (f" @bottom-left {{ content: {_css_string(url)}; }}" if url else "") +
        ' @bottom-right { content: "Page " counter(page) " of " counter(pages); } }</style>\n')

    pathto, name = context["pathto"], pdf_name(pagename)
    # Under the footer's version line: how to cite and reuse, and the whole book as PDF.
    links = [f'<a href="{pathto(f"{PDF_DIR}/{BOOK_PDF}", 1)}">The whole book as PDF</a>']
    if CITE_PAGE in _toc():
        links.insert(0, f'<a href="{pathto(CITE_PAGE)}">Cite and reuse</a>')
    context["theme_extra_footer"] = context.get("theme_extra_footer", "") + f"<p>{' · '.join(links)}</p>"
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = [b for b in group["buttons"] if b.get("label") != "download-pdf-button"]
        if name:
            buttons.append({"type": "link", "url": pathto(f"{PDF_DIR}/{name}", 1), "text": ".pdf",
                            "icon": "fas fa-file-pdf", "tooltip": "This chapter as PDF",
                            "label": "download-pdf-button"})
        buttons.append({"type": "link", "url": pathto(f"{PDF_DIR}/{BOOK_PDF}", 1), "text": "book.pdf",
                        "icon": "fas fa-book", "tooltip": "The whole book as PDF",
                        "label": "download-book-pdf-button"})
        group["buttons"] = buttons


def _static_style_sheet(asset) -> str | None:
    """The name in `_static/` of a style sheet of the book's own that applies to every medium (not an
    alternate one), or None for any other sheet (remote, alternate, for one medium, the bundle)."""
    attributes = getattr(asset, "attributes", {}) or {}
    name = _asset_name(asset)
    if (not name.startswith("_static/") or attributes.get("rel", "stylesheet") != "stylesheet"
            or attributes.get("title") or attributes.get("media", "all") not in {"all", "screen", ""}):
        return None
    name = name.removeprefix("_static/")
    return None if name == styles.BUNDLE else name


def _one_style_sheet(app, pagename, templatename, context, doctree) -> None:
    """Link the page's style sheets as one (styles.BUNDLE): the theme's two and every sheet in
    `css_files` that the first page written links are left out of the page and put into the bundle,
    in their order. Before the first page, the bundle is written from the sheets already in
    `_static/` (the sheet Sphinx checksums for the pages' `?v=`); at the end of the build it is
    written again from all of them, without the rules that match nothing in the built site."""
    if app.builder.format != "html" or "css_files" not in context:
        return
    sheets = sorted(context["css_files"], key=lambda asset: getattr(asset, "priority", 500))
    if _BUNDLED.get(str(app.outdir)) is None:
        names = [*styles.THEME_SHEETS, *filter(None, map(_static_style_sheet, sheets))]
        _BUNDLED[str(app.outdir)] = names = list(dict.fromkeys(names))
        static = Path(app.outdir) / "_static"
        (static / styles.BUNDLE).write_text(
            styles.combine(static, [name for name in names if (static / name).is_file()]), encoding="utf-8")
    bundled = set(_BUNDLED[str(app.outdir)])
    context["css_files"] = [asset for asset in sheets if _static_style_sheet(asset) not in bundled]
    context["casebook_bundled_sheets"] = [f"_static/{name}" for name in styles.THEME_SHEETS]


_BUNDLED: dict = {}  # the sheets in the bundle, by output folder, from the first page of a build


def _write_style_sheet(app, exception) -> None:
    names = _BUNDLED.pop(str(app.outdir), None)
    if exception is None and app.builder.format == "html" and names:
        static = Path(app.outdir) / "_static"
        (static / styles.BUNDLE).write_text(styles.combine(static, names, styles.used_words(Path(app.outdir))),
                                            encoding="utf-8")


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def cite_figures(app, doctree, docname) -> None:
    """Under each labelled figure's caption, a line to cite it by its stable anchor."""
    chapter = app.env.titles[docname].astext() if docname in app.env.titles else ""
    for figure in list(doctree.findall(nodes.figure)):
        label = next((name for name in figure["ids"] if name.startswith("fig-")), None)
        if label is None:
            continue
        caption = next(iter(figure.findall(nodes.caption)), None)
        title = _first_sentence(caption.astext()) if caption is not None else label
        line = citation.figure_citation(label, docname, title, chapter_title=chapter)
        url = citation.page_url(docname, label)
        paragraph = nodes.paragraph(classes=["casebook-figure-cite"])
        paragraph += nodes.strong(text="Cite this figure: ")
        if url:
            paragraph += nodes.Text(line.removesuffix(url))
            paragraph += nodes.reference(url, url, refuri=url)
        else:
            paragraph += nodes.Text(line)
        figure += nodes.legend("", paragraph)


def row_headers(app, doctree, docname) -> None:
    """A table whose top-left header is empty is read across: its first column names each row (the
    "At a glance" tables: Kind, Against, Brought by...). That column is made the rows' headers
    (`<th>`), so that a screen reader announces each cell with its row's name."""
    for group in doctree.findall(nodes.tgroup):
        head = next(iter(group.findall(nodes.thead)), None)
        colspecs = [child for child in group.children if isinstance(child, nodes.colspec)]
        first_row = next(iter(head.findall(nodes.row)), None) if head is not None else None
        if not colspecs or first_row is None or not len(first_row.children):
            continue
        if not first_row.children[0].astext().strip():
            colspecs[0]["stub"] = 1


def visit_citation(self, node) -> None:
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def setup(app):
    if citation.base_url():  # a sitemap lists public addresses: there is none to list without one
        app.setup_extension("sphinx_sitemap")
    bibliography.register_style()
    app.setup_extension("casebook.render.execution")
    app.setup_extension("casebook.render.datatables")  # the explorer's DataTables, in _static/
    # Before the notebooks execute (casebook.render.execution, priority 100): invalid data stop the build first.
    app.connect("config-inited", _write_generated, priority=90)
    app.connect("config-inited", _configure)
    app.add_css_file("casebook.css")
    # After sphinx-book-theme has made its header buttons (priority 501).
    app.connect("html-page-context", _page, priority=510)
    app.connect("html-page-context", _lighten)
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.connect("doctree-resolved", cite_figures)
    app.connect("doctree-resolved", row_headers)
    app.add_css_file(styles.BUNDLE, priority=100)
    app.connect("html-page-context", _one_style_sheet, priority=900)  # after every extension's sheets
    # After the extensions have written their sheets (myst-nb's) and scripts (DataTables') at the end.
    app.connect("build-finished", _write_style_sheet, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
