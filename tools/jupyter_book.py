"""`jupyter-book build` with Sphinx reading and writing pages in parallel.

    python -m tools.jupyter_book JOBS build SOURCE [jupyter-book build options]

Jupyter Book's command line always asks Sphinx for one process; its build function takes the
number. This runs the same command with JOBS processes. Sphinx uses them only when every loaded
extension declares that it may (casebook/render/site.py speaks for the two Jupyter Book bundles
that do not declare it).
"""

import gc
import sys
from functools import partial

import jupyter_book.sphinx
from jupyter_book.cli.main import main as jupyter_book_main


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    jobs, command = int(argv[0]), argv[1:]
    jupyter_book.sphinx.build_sphinx = partial(jupyter_book.sphinx.build_sphinx, jobs=jobs)
    return jupyter_book_main(command, prog_name="jupyter-book", standalone_mode=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        # Python's last garbage collection, as it exits, walks every object Sphinx made (two
        # seconds for this book) to free memory the ending process gives back anyway: leave them
        # out of it. Everything else about the exit is as usual (exit handlers, child processes).
        gc.freeze()

