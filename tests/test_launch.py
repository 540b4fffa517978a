"""The repository link and the launch buttons appear only when the repository address is set.

A one-page book with the project's _config.yml is built with CASEBOOK_REPOSITORY set: its notebook
page links the repository and launches it on Binder and Colab at the notebook's path. The book
itself, built without it (and with `repository: url:` empty, as committed), shows no such link.
"""

import os

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from test_browser import build_book, copy_config

from casebook.render import launch

REPOSITORY = "https://github.com/example-owner/example-casebook"


def test_the_environment_wins_over_the_config_and_empty_means_none():
    assert "launch_buttons" not in launch.theme_options({"repository_url": "", "launch_buttons": {"x": 1}}, {})
    set_here = launch.theme_options({"repository_url": "https://example.org/a"}, {})
    assert set_here["repository_url"] == "https://example.org/a" and set_here["use_repository_button"]
    both = launch.theme_options({"repository_url": "https://example.org/a"}, {launch.REPOSITORY_ENV: REPOSITORY})
    assert both["repository_url"] == REPOSITORY
    assert both["launch_buttons"]["binderhub_url"] and both["launch_buttons"]["colab_url"]
    assert not both["launch_buttons"]["jupyterlite_url"]


@pytest.fixture(scope="module")
def one_page_book(tmp_path_factory):
    project = tmp_path_factory.mktemp("launch") / "project"
    (project / "book").mkdir(parents=True)
    # The page's code is beside the point here: it is not executed.
    copy_config(project, lambda config: config["execute"].update(execute_notebooks="off"))
    notebook = new_notebook(cells=[new_markdown_cell("# A page"), new_code_cell("1 + 1")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, project / "book" / "page.ipynb")
    (project / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "book/page"}), encoding="utf-8")
    return project


def page_html(project, out, **env) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in (launch.REPOSITORY_ENV, launch.BRANCH_ENV)}
    html = build_book(project, out, dict(environ, **env))
    return (html / "book" / "page.html").read_text(encoding="utf-8")


@pytest.mark.kernel
def test_buttons_appear_when_the_repository_is_set(one_page_book, tmp_path):
    html = page_html(one_page_book, tmp_path, **{launch.REPOSITORY_ENV: REPOSITORY, launch.BRANCH_ENV: "trunk"})
    assert "https://mybinder.org/v2/gh/example-owner/example-casebook/trunk?urlpath=lab/tree/book/page.ipynb" in html
    assert "https://colab.research.google.com/github/example-owner/example-casebook/blob/trunk/book/page.ipynb" in html
    assert f'href="{REPOSITORY}"' in html


@pytest.mark.book
def test_no_button_without_a_repository(built_book):
    if os.environ.get(launch.REPOSITORY_ENV):
        pytest.skip(f"the book was built with {launch.REPOSITORY_ENV} set")
    pages = sorted(built_book.joinpath("book").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "mybinder.org" not in html and "colab.research.google.com" not in html, page
        assert "executablebooks/jupyter-book" not in html, page
