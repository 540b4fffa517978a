"""Command line:

    python -m casebook validate [DATA_DIR]    # check a data package and say where each problem is
    python -m casebook values CHAPTER         # the values a case chapter's prose may insert

The maintainers' tools (build, chapters, synthetic data) are in `tools/`."""

import argparse
import sys
from pathlib import Path

from casebook import settings
from casebook.data.validate import validate

SHOWN = 1000  # problems printed unless --all is given; the rest are counted


def _validate(args) -> int:
    args.data_dir = args.data_dir or str(settings.data_dir())
    try:
        report = validate(Path(args.data_dir))
    except Exception as err:
        print(f"{args.data_dir}: the validator stopped on an input it does not handle "
              f"({type(err).__name__}: {err}); please report it with the data", file=sys.stderr)
        return 2
    problems = report.problems
    shown = problems if args.all else problems[:SHOWN]
    for problem in shown:
        print(problem)
    if problems:
        left_out = len(problems) - len(shown)
        more = f"; the first {len(shown)} are shown, {left_out} left out (--all shows every one)" if left_out else ""
        print(f"{len(problems)} problem(s) found in {args.data_dir}{more}", file=sys.stderr)
        if report.quote_check_skipped:
            print(f"quote check skipped: {report.quote_check_skipped}", file=sys.stderr)
        return 1
    for name, table in report.tables.items():
        print(f"{name + '.csv':<20} {len(table.rows):>5} rows")
    if report.quote_check_skipped:
        print(f"quote check skipped: {report.quote_check_skipped}")
    else:
        print(f"quotes verified {report.quotes_verified}/{report.quotes_total}")
    return 0


def _values(args) -> int:
    """Every value a case chapter's prose may insert with a glue role: its key, the text it shows and
    the records that prove it."""
    import casebook
    from casebook.views.cases import CaseFile

    data = casebook.load(check_quotes=False)
    chapters = sorted(set(data.cases["chapter"]))
    if args.chapter not in chapters:
        print(f"{args.chapter}: no case in cases.csv has this chapter; the chapters are: {', '.join(chapters)}",
              file=sys.stderr)
        return 2
    for key, (text, records) in CaseFile(data, args.chapter).insertable_values().items():
        print(f"{{glue}}`{key}`\t{text}\t{' '.join(records)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate a data package folder (every time: nothing is remembered)")
    check.add_argument("data_dir", nargs="?", default=None, help="default: $CASEBOOK_DATA, else the project's data/")
    check.add_argument("--all", action="store_true", help=f"print every problem, not only the first {SHOWN}")
    check.set_defaults(run=_validate)
    values = commands.add_parser("values", help="list the values a case chapter's prose may insert (glue keys)")
    values.add_argument("chapter", help="the chapter as cases.csv names it, e.g. cases/kem-sokha")
    values.set_defaults(run=_values)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
