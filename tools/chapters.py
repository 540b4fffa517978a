"""Case chapters from the shared template: `python -m tools.chapters new CHAPTER TITLE` starts
one, `python -m tools.chapters refresh [NOTEBOOK...]` gives existing ones the template's code."""

import argparse
import sys
from pathlib import Path

from casebook.settings import ROOT
from tools import template


def _new_chapter(args) -> int:
    path = ROOT / "book" / f"{args.chapter}.ipynb"
    if path.exists():
        print(f"{path} already exists; not overwritten", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    template.write(template.case_chapter(args.chapter, args.title), path)
    print(f"wrote {path.relative_to(ROOT)}: add it to _toc.yml, write its prose, then `make execute`")
    return 0


def _refresh_chapters(args) -> int:
    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "book" / "cases").glob("*.ipynb"))
    for path in paths:
        template.refresh(path)
        print(f"refreshed {path}")
    print("execute them now (`make execute`, or jupyter-execute --inplace per notebook) and commit the outputs")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.chapters", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="start a case chapter from the shared template")
    new.add_argument("chapter", help="its value in cases.csv's chapter column, e.g. cases/kim-sok")
    new.add_argument("title", help="the chapter's title")
    new.set_defaults(run=_new_chapter)
    refresh = commands.add_parser("refresh", help="bring case chapters' code cells in step with the template "
                                  "(their prose is kept)")
    refresh.add_argument("notebooks", nargs="*", help="default: every book/cases/*.ipynb")
    refresh.set_defaults(run=_refresh_chapters)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
