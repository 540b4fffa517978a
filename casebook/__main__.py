"""Command line: `python -m casebook validate [DATA_DIR]`."""

import argparse
import sys
from pathlib import Path

from casebook.paths import DATA_DIR
from casebook.validate import validate


def _validate(args) -> int:
    report = validate(Path(args.data_dir))
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="validate a data package folder")
    check.add_argument("data_dir", nargs="?", default=str(DATA_DIR), help="default: the project's data/")
    check.set_defaults(run=_validate)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
