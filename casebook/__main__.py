"""Command line: `python -m casebook validate [DATA_DIR]` checks a data package and says where each
problem is. The maintainers' tools (build, chapters, synthetic data) are in `tools/`."""

import argparse
import sys
from pathlib import Path

from casebook import settings
from casebook.data import stamp
from casebook.data.validate import validate


def _validate(args) -> int:
    args.data_dir = args.data_dir or str(settings.data_dir())
    content_key = stamp.key(Path(args.data_dir), check_quotes=True)
    if stamp.passed(content_key) and not args.again:
        print(f"{args.data_dir}: unchanged since it last passed validation (--again to check it anyway)")
        return 0
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
    stamp.record(content_key)
    for name, table in report.tables.items():
        print(f"{name + '.csv':<20} {len(table.rows):>5} rows")
    if report.quote_check_skipped:
        print(f"quote check skipped: {report.quote_check_skipped}")
    else:
        print(f"quotes verified {report.quotes_verified}/{report.quotes_total}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate a data package folder")
    check.add_argument("data_dir", nargs="?", default=None, help="default: $CASEBOOK_DATA, else the project's data/")
    check.add_argument("--again", action="store_true", help="check it even if this exact content passed before")
    check.set_defaults(run=_validate)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
