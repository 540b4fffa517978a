"""Execution by Jupyter Book's own cache, never stale: a Sphinx extension (loaded by
casebook.render.site) that points myst-nb's jupyter-cache at a folder named by the digest of the
book's inputs (casebook.render.inputs), and fills it in parallel before any page is read.

myst-nb's cache matches a notebook by its code alone; the folder's name covers everything else its
outputs depend on (data, archive, library, pins, configuration, settings), so that a change to any
of them finds an empty cache and the notebooks execute again. The setting changes with the inputs,
so Sphinx also reads every page again. The folders of earlier inputs are removed.

Jupyter Book executes notebooks one after another while it reads the pages, and cannot read them
in parallel (`jupyter-book build` has no jobs option, and two of the extensions it loads,
sphinx-multitoc-numbering and sphinx-jupyterbook-latex, do not declare themselves safe for
Sphinx's parallel reading). So, when the cache is new, the book's notebooks are first executed
into it by jupyter-cache's own parallel executor (one kernel per core); myst-nb then finds each of
them there. A notebook that fails there is left out of the cache: myst-nb executes it again while
reading and reports its error as usual.

CASEBOOK_EXECUTION=off turns execution off: the pages show their notebooks' stored outputs (what
`make test` builds, once nbval has proved those outputs).
"""

import os
import shutil
from pathlib import Path

from sphinx.util import logging

from casebook import __version__, settings
from casebook.render import inputs
from casebook.render.pages import toc_files

EXECUTION_ENV = "CASEBOOK_EXECUTION"  # "off": show the notebooks' stored outputs, execute nothing
CACHE_FOLDER = ".jupyter_cache"

logger = logging.getLogger(__name__)


def execution_cache(build, key: str):
    """Jupyter Book's execution cache for the inputs whose digest is `key`: a folder of its own in
    the build folder, so that outputs made from other inputs are never served."""
    return Path(build) / CACHE_FOLDER / key[:20]


def execute_in_parallel(folder: Path, notebooks: list[Path], timeout: int, allow_errors: bool) -> list[str]:
    """Execute `notebooks` into the jupyter-cache at `folder` with jupyter-cache's parallel executor
    (each in its own folder, one at a time per core); returns the ones that failed."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(folder)
    for notebook in notebooks:
        cache.add_nb_to_project(str(notebook))
    result = load_executor("local-parallel", cache).run_and_cache(timeout=timeout, allow_errors=allow_errors)
    return [*result.excepted, *result.errored]


def _execution(app, config) -> None:
    """Point Jupyter Book's execution cache (myst-nb with jupyter-cache) at the folder of the
    current inputs, drop the folders of earlier ones, and, when the folder is new, execute the
    book's notebooks into it in parallel."""
    if os.environ.get(EXECUTION_ENV) == "off":
        config.nb_execution_mode = "off"
        return
    folder = execution_cache(settings.build_dir(), inputs.digest())
    for other in folder.parent.glob("*"):
        if other.is_dir() and other != folder:
            shutil.rmtree(other, ignore_errors=True)
    config.nb_execution_cache_path = str(folder)
    if folder.exists() or config.nb_execution_mode != "cache":
        return  # myst-nb executes, one by one, only the notebooks whose code changed
    toc = Path(app.srcdir, getattr(config, "external_toc_path", "_toc.yml"))
    notebooks = [path for page in toc_files(toc) if (path := Path(app.srcdir) / f"{page}.ipynb").is_file()]
    logger.info(f"executing {len(notebooks)} notebook(s) in parallel into {folder}")
    failed = execute_in_parallel(folder, notebooks, config.nb_execution_timeout, config.nb_execution_allow_errors)
    if failed:  # failed, or (rarely) dropped by another worker's cache upkeep: executed again while read
        logger.info(f"not cached by the parallel run: {', '.join(failed)}")


def setup(app):
    # Early, before any extension reads the execution settings.
    app.connect("config-inited", _execution, priority=100)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
