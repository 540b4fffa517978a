"""A synthetic data package N times the size of the real one, for measuring how the library scales.

`python -m tools.synth N OUT_DIR` copies `datapackage.json` and writes every table with its
rows repeated N times. Copy 0 keeps the real ids; copy k (k >= 1) suffixes every id with `-s<k>`,
in every column that holds one: keys, foreign keys, the space-separated id lists
(`penalties.beneficiary_id`, `conflicts.record_ids`) and `evidence.record_id`, including the
composite `case_id/actor_id/role` ids of `case_parties`. Quotes and every other cell stay as they
are, so the quote check still finds them in the archive. The output is contract-valid and
deterministic: the same N gives the same bytes.
"""

import csv
import shutil
from pathlib import Path

from casebook import settings
from casebook.data.read import DESCRIPTOR, read_descriptor, read_table

# The patterns the package gives columns that hold one id, or a space-separated list of ids.
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
ID_LIST_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*( [a-z0-9]+(-[a-z0-9]+)*)*$"
# Columns that cite any row by its id as evidence cites it (composite keys joined by '/').
RECORD_ID_COLUMNS = {("evidence", "record_id")}


def suffix(value: str, copy: int) -> str:
    """The id `value` in copy `copy`: unchanged in copy 0, else `<value>-s<copy>`."""
    return value if copy == 0 or not value else f"{value}-s{copy}"


def _column_kinds(resource: dict) -> dict[str, str]:
    """For each column that holds ids: 'id', 'list' or 'record'."""
    kinds = {}
    for spec in resource["schema"]["fields"]:
        pattern = spec.get("constraints", {}).get("pattern")
        if (resource["name"], spec["name"]) in RECORD_ID_COLUMNS:
            kinds[spec["name"]] = "record"
        elif pattern == ID_PATTERN:
            kinds[spec["name"]] = "id"
        elif pattern == ID_LIST_PATTERN:
            kinds[spec["name"]] = "list"
    return kinds


def _composite_ids(data_dir: Path, descriptor: dict) -> dict[str, list[tuple[str, bool]]]:
    """Row ids of tables with composite keys ('case/actor/role'), each split into its parts
    with whether the part is an id (suffixed in a copy) or a plain value (such as a role)."""
    composite = {}
    for resource in descriptor["resources"]:
        key = resource["schema"].get("primaryKey", [])
        if len(key) < 2:
            continue
        kinds = _column_kinds(resource)
        table = read_table(data_dir, resource)
        positions = [table.header.index(k) for k in key]
        for cells in table.rows:
            parts = [(cells[p], kinds.get(k) == "id") for p, k in zip(positions, key)]
            composite["/".join(part for part, _ in parts)] = parts
    return composite


def _record_id(value: str, copy: int, composite: dict) -> str:
    parts = composite.get(value)
    if parts is None:
        return suffix(value, copy)
    return "/".join(suffix(part, copy) if is_id else part for part, is_id in parts)


def synthesise(n: int, out_dir: Path | str, data_dir: Path | str | None = None) -> dict[str, int]:
    """Write the package `n` times over into `out_dir`; returns the rows written per table."""
    if n < 1:
        raise ValueError(f"N must be at least 1, not {n}")
    data_dir, out_dir = Path(data_dir or settings.data_dir()), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    descriptor = read_descriptor(data_dir)
    shutil.copyfile(data_dir / DESCRIPTOR, out_dir / DESCRIPTOR)
    composite = _composite_ids(data_dir, descriptor)
    written = {}
    for resource in descriptor["resources"]:
        table = read_table(data_dir, resource)
        kinds = _column_kinds(resource)
        columns = [(table.header.index(name), kind) for name, kind in kinds.items() if name in table.header]
        with (out_dir / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(table.header)
            for copy in range(n):
                for cells in table.rows:
                    row = list(cells)
                    for j, kind in columns:
                        if kind == "id":
                            row[j] = suffix(row[j], copy)
                        elif kind == "list":
                            row[j] = " ".join(suffix(item, copy) for item in row[j].split(" ")) if row[j] else ""
                        else:
                            row[j] = _record_id(row[j], copy, composite)
                    writer.writerow(row)
        written[resource["name"]] = n * len(table.rows)
    return written


def main(argv=None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m tools.synth", description=__doc__)
    parser.add_argument("n", type=int, help="how many copies of every row (1 reproduces data/)")
    parser.add_argument("out_dir", help="folder to write it to (created if absent)")
    args = parser.parse_args(argv)
    if args.n < 1:
        print(f"N must be at least 1, not {args.n}", file=sys.stderr)
        return 2
    written = synthesise(args.n, Path(args.out_dir))
    print(f"wrote a {args.n}x synthetic package to {args.out_dir}: {sum(written.values())} rows "
          f"in {len(written)} tables")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
