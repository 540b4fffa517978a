"""A Sphinx extension for the book: the repository link and the Binder and Colab launch buttons,
shown only when the project's repository address is set.

The address is `repository: url:` in _config.yml, or the environment variable
CASEBOOK_REPOSITORY, which wins (so a fork or a mirror builds with its own address without
editing the file); CASEBOOK_BRANCH names the branch (default `main`). With neither set, the
book shows no repository link and no launch button. A JupyterLite button appears as well when
CASEBOOK_JUPYTERLITE gives the address of a JupyterLite site that holds the repository's files.
"""

import os

from casebook.render.pages import book_config

REPOSITORY_ENV = "CASEBOOK_REPOSITORY"
BRANCH_ENV = "CASEBOOK_BRANCH"
JUPYTERLITE_ENV = "CASEBOOK_JUPYTERLITE"
BINDER = "https://mybinder.org"
COLAB = "https://colab.research.google.com"


def repository_url(options: dict | None = None, environ=os.environ) -> str:
    """The repository's address: $CASEBOOK_REPOSITORY, else `repository: url:` in _config.yml (or
    the theme's `repository_url` in `options`); "" when neither is set."""
    if options is None:
        options = {"repository_url": (book_config().get("repository") or {}).get("url") or ""}
    return (environ.get(REPOSITORY_ENV) or options.get("repository_url") or "").strip().rstrip("/")


def theme_options(options: dict, environ=os.environ) -> dict:
    """The theme options with the repository link and launch buttons set, or taken out."""
    options = dict(options)
    url = repository_url(options, environ)
    if not url:
        options.pop("launch_buttons", None)
        options["repository_url"] = ""
        options["use_repository_button"] = False
        return options
    options["repository_url"] = url
    options["repository_branch"] = environ.get(BRANCH_ENV) or options.get("repository_branch") or "main"
    options["path_to_docs"] = ""  # the book's sources sit at the repository's root
    options["use_repository_button"] = True
    options["launch_buttons"] = {
        "notebook_interface": "jupyterlab",
        "binderhub_url": BINDER,
        "colab_url": COLAB,
        "jupyterlite_url": environ.get(JUPYTERLITE_ENV, ""),
        "jupyterhub_url": "",
        "thebe": False,
    }
    return options


def _configure(app, config) -> None:
    config.html_theme_options = theme_options(config.html_theme_options or {})


def setup(app):
    app.connect("config-inited", _configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
