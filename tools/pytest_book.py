"""A pytest plugin for `make test`: one run holds the notebooks, the book built from them, and
every other test (`pytest -p tools.pytest_book ... tests <staged book> --nbval`).

The book is made from the notebooks' committed outputs, and it may be built only once nbval has
shown, in this same run, that a fresh execution reproduces them (their download files are written
by that execution). Loaded, this plugin:

- orders the run: the notebooks first, then the long tests (marked `kernel` or `slow`), then those
  that read the book (marked `book`), then the rest (file order within each), and pytest-xdist
  hands out the modules in that order (`--no-loadscope-reorder`);
- in the process that drives the run (the pytest-xdist controller, or pytest itself without
  workers), once every notebook's cells have reported, keeps their outputs in the build cache and
  builds the book (`tools.build --adopt`, then `tools.build`), in the background, while the workers
  go on with other tests; if a notebook failed, the book is not built;
- has the `built_book` fixture (tests/conftest.py) wait for that build and fail with its reason.

The result is written to READY in the build folder ($CASEBOOK_BUILD): the HTML folder, or why
there is none. Without this plugin, `built_book` builds a scratch copy of the book itself.
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path, PurePosixPath

import pytest

from casebook import settings
from casebook.settings import ROOT
from tools import build

READY = "test-book.json"
WAIT_SECONDS = 1800


def ready_file() -> Path:
    return settings.build_dir() / READY


def is_notebook(nodeid: str) -> bool:
    return nodeid.split("::", 1)[0].endswith(".ipynb")


def _module(item) -> str:
    return item.nodeid.split("::", 1)[0]


def _rank(item) -> int:
    """Notebooks, then long tests (marked `kernel` or `slow`), then the tests that read the book
    (it is built meanwhile), then the rest: the many short tests that even out the workers' ends."""
    if is_notebook(item.nodeid):
        return 0
    if item.get_closest_marker("book"):
        return 2
    return 1 if item.get_closest_marker("kernel") or item.get_closest_marker("slow") else 3


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the driving process, not a pytest-xdist worker
        ready_file().unlink(missing_ok=True)
        config.pluginmanager.register(Builder(), "casebook-book-builder")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # pytest-xdist (--dist loadscope) gives all of a module's tests to one worker (the tests here
    # are functions, not methods of classes, which it would hand out apart), where its first test
    # falls: a module with a test that reads the book is placed with those, so that no worker
    # waits for the book while it could run other tests.
    ranks: dict[str, set[int]] = {}
    for item in items:
        ranks.setdefault(_module(item), set()).add(_rank(item))
    place = {name: 2 if 2 in found else min(found) for name, found in ranks.items()}
    items.sort(key=lambda item: place[_module(item)])  # stable: file order within each rank


class Builder:
    """In the driving process: builds the book once every notebook has passed, or says at the
    first failure why it will not be built."""

    def __init__(self):
        # Read now: a test may change the environment while the build runs (without workers, the
        # tests run in this process).
        self.env, self.ready = dict(os.environ), ready_file()
        self.build_dir = settings.build_dir()
        self.notebooks: set[str] | None = None
        self.done: set[str] = set()
        self.thread: threading.Thread | None = None
        self.settled = False  # the ready file is written, or being written

    # The notebooks' test ids: from the workers' collection, or from pytest's own.
    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids):
        if self.notebooks is None:
            self.notebooks = {nodeid for nodeid in ids if is_notebook(nodeid)}
            self._maybe_build()

    def pytest_collection_finish(self, session):
        if self.notebooks is None and session.items:
            self.notebooks = {item.nodeid for item in session.items if is_notebook(item.nodeid)}
            self._maybe_build()

    def pytest_runtest_logreport(self, report):
        if self.notebooks is None or report.nodeid not in self.notebooks:
            return
        if report.failed and not self.settled:  # a cell that did not reproduce, or a crashed worker
            self._settle(error=f"the book was not built: a notebook cell did not reproduce its stored "
                               f"outputs ({report.nodeid})")
        if report.when == "teardown":
            self.done.add(report.nodeid)
            self._maybe_build()

    def _settle(self, **result):
        self.settled = True
        write_ready(self.ready, **result)

    def _maybe_build(self):
        if self.settled or self.notebooks is None or not self.done >= self.notebooks:
            return
        if not self.notebooks:
            self._settle(error="the book was not built: this run collected no notebook (pass the staged book "
                               "folder with --nbval)")
            return
        # pytest names a file by its path from the project, or from the folder given to it when
        # that is outside the project: a staged notebook was run if a name is the end of its path.
        ran = {_file_parts(nodeid) for nodeid in self.notebooks}
        staged = [self.build_dir / "src" / name for name in build.notebooks()]
        unchecked = [path for path in staged if not any(path.parts[-len(name):] == name for name in ran)]
        if unchecked:
            self._settle(error=f"the book was not built: {len(unchecked)} staged notebook(s) were not run by "
                               f"nbval in this run (first: {unchecked[0]})")
            return
        self.settled = True
        self.thread = threading.Thread(target=self._build, daemon=True)
        self.thread.start()

    def _build(self):
        try:
            for step in (["--adopt"], []):
                result = subprocess.run([sys.executable, "-m", "tools.build", *step], cwd=ROOT, env=self.env,
                                        capture_output=True, text=True)
                if result.returncode != 0:
                    text = (result.stdout + result.stderr)[-5000:]
                    write_ready(self.ready, error=f"tools.build {' '.join(step)} failed:\n{text}")
                    return
            write_ready(self.ready, html=str(build.html_folder(self.build_dir)))
        except Exception as err:  # noqa: BLE001 - the waiting tests report it, not a lost thread
            write_ready(self.ready, error=f"the book's build stopped: {type(err).__name__}: {err}")

    def pytest_sessionfinish(self, session):
        if self.thread is not None and session.exitstatus != pytest.ExitCode.INTERRUPTED:
            self.thread.join()
        if not self.ready.is_file():
            return
        # Tests that read the book fail when it was not built; should none have run, the run fails here.
        result = json.loads(self.ready.read_text(encoding="utf-8"))
        if "error" in result and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            print(f"\n{result['error']}", file=sys.stderr)


def _file_parts(nodeid: str) -> tuple[str, ...]:
    name = PurePosixPath(nodeid.split("::", 1)[0])
    return (ROOT / name).resolve().parts if ".." in name.parts else name.parts


def write_ready(path: Path, **result):
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(result), encoding="utf-8")
    partial.replace(path)


def wait_for_book() -> Path:
    """The HTML folder of the book this run builds, once it is built; fails with the reason it
    was not."""
    import time

    path, start = ready_file(), time.monotonic()
    while not path.is_file():
        if time.monotonic() - start > WAIT_SECONDS:
            pytest.fail(f"the book was not built within {WAIT_SECONDS} s ({path} never appeared)")
        time.sleep(0.2)
    result = json.loads(path.read_text(encoding="utf-8"))
    if "error" in result:
        pytest.fail(result["error"], pytrace=False)
    return Path(result["html"])
