"""Execution by Jupyter Book's own cache, never stale: a Sphinx extension (loaded by
casebook.render.site) that points myst-nb's jupyter-cache at a folder named by the digest of the
book's inputs (casebook.render.inputs).

myst-nb's cache matches a notebook by its code alone; the folder's name covers everything else its
outputs depend on (data, archive, library, pins, configuration, settings), so that a change to any
of them finds an empty cache and the notebooks execute again. The setting changes with the inputs,
so Sphinx also reads every page again. The folders of earlier inputs are removed.

CASEBOOK_EXECUTION=off turns execution off: the pages show their notebooks' stored outputs (what
`make test` builds, once nbval has proved those outputs).
"""

import os
import shutil
from pathlib import Path

from casebook import __version__, settings
from casebook.render import inputs

EXECUTION_ENV = "CASEBOOK_EXECUTION"  # "off": show the notebooks' stored outputs, execute nothing
CACHE_FOLDER = ".jupyter_cache"


def execution_cache(build, key: str):
    """Jupyter Book's execution cache for the inputs whose digest is `key`: a folder of its own in
    the build folder, so that outputs made from other inputs are never served."""
    return Path(build) / CACHE_FOLDER / key[:20]


def _execution(app, config) -> None:
    """Point Jupyter Book's execution cache (myst-nb with jupyter-cache) at the folder of the
    current inputs, and drop the folders of earlier ones. myst-nb's cache matches a notebook by its
    code alone; the folder's name covers everything else its outputs depend on. Since the setting
    changes with the inputs, Sphinx then reads every page again."""
    if os.environ.get(EXECUTION_ENV) == "off":
        config.nb_execution_mode = "off"
        return
    folder = execution_cache(settings.build_dir(), inputs.digest())
    for other in folder.parent.glob("*"):
        if other.is_dir() and other != folder:
            shutil.rmtree(other, ignore_errors=True)
    config.nb_execution_cache_path = str(folder)


def setup(app):
    # Early, before any extension reads the execution settings.
    app.connect("config-inited", _execution, priority=100)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
