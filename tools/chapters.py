"""Case chapters from the shared template, tools/case-template.md:
`python -m tools.chapters new CHAPTER TITLE` starts one;
`python -m tools.chapters sync [NOTEBOOK...]` gives existing ones the template's code cells again,
keeping their prose (`refresh` is another name for it); `sync --check` only reports where they differ."""

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
    try:
        notebook = template.case_chapter(args.chapter, args.title)
    except template.TemplateError as err:
        print(err, file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    template.write(notebook, path)
    print(f"wrote {path.relative_to(ROOT)}: add it to _toc.yml, write its prose, "
          "run `python -m tools.chapters sync`, then `make execute`")
    return 0


def _sync_chapters(args) -> int:
    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "book" / "cases").glob("*.ipynb"))
    failed = changed = 0
    for path in paths:
        try:
            if args.check:
                problems = template.differences(path)
                print("\n".join(problems) if problems else f"{path}: follows the template")
                failed += bool(problems)
            elif template.sync(path):
                changed += 1
                print(f"synced {path}")
            else:
                print(f"{path}: already follows the template")
        except template.TemplateError as err:
            print(err, file=sys.stderr)
            failed += 1
    if changed:
        print("execute the synced chapters now (`make execute`, or jupyter-execute --inplace per notebook) "
              "and commit the outputs")
    return 1 if failed else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.chapters", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="start a case chapter from the shared template")
    new.add_argument("chapter", help="its value in cases.csv's chapter column, e.g. cases/kim-sok")
    new.add_argument("title", help="the chapter's title")
    new.set_defaults(run=_new_chapter)
    sync = commands.add_parser("sync", aliases=["refresh"], help="give case chapters the template's code cells "
                               "again (their prose is kept)")
    sync.add_argument("notebooks", nargs="*", help="default: every book/cases/*.ipynb")
    sync.add_argument("--check", action="store_true", help="change nothing; report each chapter's differences "
                      "from the template and exit 1 if there are any")
    sync.set_defaults(run=_sync_chapters)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
