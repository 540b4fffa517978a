"""Command line: `python -m casebook validate [DATA_DIR]`, `python -m casebook new-chapter CHAPTER TITLE`,
`python -m casebook refresh-chapters [NOTEBOOK...]` and `python -m casebook synth N OUT_DIR`."""

import argparse
import sys
from pathlib import Path

from casebook.paths import DATA_DIR
from casebook.validate import validate


def _validate(args) -> int:
    try:
        report = validate(Path(args.data_dir))
    except Exception as err:  # noqa: BLE001 - a reader gets one line, not a traceback
        print(f"{args.data_dir}: the validator stopped on an input it does not handle "
              f"({type(err).__name__}: {err}); please report it with the data", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(problem)
    if report.problems:
        print(f"{len(report.problems)} problem(s) found in {args.data_dir}", file=sys.stderr)
        return 1
    for name, table in report.tables.items():
        print(f"{name + '.csv':<20} {len(table.rows):>5} rows")
    if report.quote_check_skipped:
        print(f"quote check skipped: {report.quote_check_skipped}")
    else:
        print(f"quotes verified {report.quotes_verified}/{report.quotes_total}")
    return 0


def _new_chapter(args) -> int:
    from casebook import template
    from casebook.paths import ROOT

    path = ROOT / "book" / f"{args.chapter}.ipynb"
    if path.exists():
        print(f"{path} already exists; not overwritten", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    template.write(template.case_chapter(args.chapter, args.title), path)
    print(f"wrote {path.relative_to(ROOT)}: add it to _toc.yml, write its prose, then `make execute`")
    return 0


def _refresh_chapters(args) -> int:
    from casebook import template
    from casebook.paths import ROOT

    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "book" / "cases").glob("*.ipynb"))
    for path in paths:
        template.refresh(path)
        print(f"refreshed {path}")
    print("execute them now (`make execute`, or jupyter-execute --inplace per notebook) and commit the outputs")
    return 0


def _synth(args) -> int:
    from casebook.synth import synthesise

    if args.n < 1:
        print(f"N must be at least 1, not {args.n}", file=sys.stderr)
        return 2
    written = synthesise(args.n, Path(args.out_dir))
    print(f"wrote a {args.n}x synthetic package to {args.out_dir}: {sum(written.values())} rows "
          f"in {len(written)} tables")
    return 0


def _bibliography(args) -> int:
    import casebook
    from casebook import bibliography

    text = bibliography.bibtex(casebook.load(check_quotes=False).sources)
    bibliography.BIB_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {bibliography.BIB_FILE.name} from sources.csv")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate a data package folder")
    check.add_argument("data_dir", nargs="?", default=str(DATA_DIR), help="default: the project's data/")
    check.set_defaults(run=_validate)
    new = commands.add_parser("new-chapter", help="start a case chapter from the shared template")
    new.add_argument("chapter", help="its value in cases.csv's chapter column, e.g. cases/kim-sok")
    new.add_argument("title", help="the chapter's title")
    new.set_defaults(run=_new_chapter)
    refresh = commands.add_parser("refresh-chapters", help="bring case chapters' code cells in step with the template "
                                  "(their prose is kept)")
    refresh.add_argument("notebooks", nargs="*", help="default: every book/cases/*.ipynb")
    refresh.set_defaults(run=_refresh_chapters)
    bib = commands.add_parser("bibliography", help="write book/references.bib from data/sources.csv")
    bib.set_defaults(run=_bibliography)
    synth = commands.add_parser("synth", help="write a synthetic package N times the size of data/ (for benchmarks)")
    synth.add_argument("n", type=int, help="how many copies of every row (1 reproduces data/)")
    synth.add_argument("out_dir", help="folder to write it to (created if absent)")
    synth.set_defaults(run=_synth)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
