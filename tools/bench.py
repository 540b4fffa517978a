"""How long the book takes to build and test, and how the library scales with the data.

`make bench` (or `python -m tools.bench`) measures, in one run on this machine:

book    (a) `make book` (Jupyter Book with its execution cache) into a fresh build folder, with an empty
        execution cache; (b) the same build again with nothing changed; (c) again after one data
        row changed (in a copy of data/ named by CASEBOOK_DATA), and whether the change reached
        the HTML; (d) `make test` with an empty build folder, as CI runs it (skip with --skip-test);
        (e) each notebook executed with nbclient: kernel start, the notebook's imports (run
        first as a cell of their own) and its own cells. The floor is (the notebooks' own cell
        time + one kernel start each) / cores, and every figure is also given as a multiple of it.
scale   for 1x, 10x and 100x synthetic packages (`python -m tools.synth`): time of load + validate
        (quote check included, no earlier validation reused) and of each derivation (money, timing,
        every function of `data` in casebook.derive.units and casebook.views.patterns, the evidence
        behind every record, and the landing, explorer and sources views), each size in a fresh
        process, with the growth exponent between sizes (1 is linear).
"""

import argparse
import ast
import importlib
import inspect
import json
import math
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from casebook.data.toc import toc_files
from casebook.settings import DATA_ENV, ROOT, data_dir

SIZES = (1, 10, 100)
EDIT_MARK = "Bench edit"
TARGET_SECONDS = 10.0


# --- the machine ---------------------------------------------------------------------------

def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "memory_gib": round(memory, 1), "load_average": round(os.getloadavg()[0], 2),
            "cpu": platform.processor() or platform.machine(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}


# --- book: builds, tests, notebooks ----------------------------------------------------------

def _run(command, env=None, cwd=ROOT) -> tuple[float, int, str, str]:
    """Wall time, exit status, the end of the output, and the whole output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode, done.stdout[-3000:] + done.stderr[-3000:], done.stdout + done.stderr


def _edit_one_row(data_dir: Path) -> str:
    """Append a sentence to the first event's summary (own words, so the data stays valid)."""
    import csv

    path = data_dir / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("summary")
    rows[1][column] = rows[1][column] + f" {EDIT_MARK}."
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return rows[1][0]


def _html_mentions(html_dir: Path, text: str) -> bool:
    return any(text in page.read_text(encoding="utf-8", errors="replace") for page in html_dir.rglob("*.html"))


def _executed(log: str) -> str:
    """How many notebooks the build executed, from its log: those of the parallel run before Sphinx
    reads (casebook.render.execution), and those myst-nb executed itself while reading."""
    parallel = sum(int(n) for n in re.findall(r"executing (\d+) notebook\(s\) in parallel", log))
    return f"{parallel} notebook(s) executed in parallel, {len(re.findall(r'Executing notebook', log))} by myst-nb"


def bench_builds(work: Path) -> list[dict]:
    """`make book` into a fresh build folder, against a copy of data/:
    (a) clean, with an empty cache; (b) again with nothing changed; (c) after one data row
    changed, and whether the change reached the HTML."""
    data = work / "data"
    shutil.copytree(data_dir(), data)
    out = work / "book" / "_build"
    env = dict(os.environ, **{DATA_ENV: str(data), "CASEBOOK_BUILD": str(out)})
    command = ["make", "--no-print-directory", "book", f"BUILD={out}"]
    results = []

    def build(label):
        seconds, code, log, whole = _run(command, env)
        results.append({"what": label, "seconds": seconds, "exit": code, "log": log, "note": _executed(whole)})

    build("(a) clean build (empty cache)")
    build("(b) rebuild, nothing changed")
    event_id = _edit_one_row(data)
    build("(c) rebuild after one data row changed")
    seen = _html_mentions(out / "html", EDIT_MARK)
    results[-1]["note"] += (f"; events.csv row '{event_id}' edited: the change "
                            + ("reached the HTML" if seen else "did NOT reach the HTML (stale pages)"))
    return results


def bench_make_test(work: Path) -> dict:
    """`make test` as CI runs it: in the project, with an empty build folder (nothing cached)."""
    build = work / "test" / "_build"
    seconds, code, log, whole = _run(["make", "test", f"BUILD={build}"])
    counts = [line.strip("= ") for line in whole.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    return {"what": "(d) make test (empty build folder)", "seconds": seconds, "exit": code, "log": log,
            "note": " + ".join(counts)}


def _toc_notebooks(source: Path) -> list[str]:
    return [f"{f}.ipynb" for f in toc_files(source / "_toc.yml") if (source / f"{f}.ipynb").is_file()]


def _imports(cells) -> str:
    """The notebook's top-level import statements, to run (and time) as a first cell."""
    lines = []
    for cell in cells:
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        lines += [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    return "\n".join(dict.fromkeys(lines))


def bench_notebook(source: Path, name: str) -> dict:
    import nbformat
    from nbclient import NotebookClient

    path = source / name
    nb = nbformat.read(str(path), as_version=4)
    own = [c for c in nb.cells if c.cell_type == "code"]
    nb.cells.insert(0, nbformat.v4.new_code_cell(_imports(own)))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        kernel = time.perf_counter() - start
        tick = time.perf_counter()
        client.execute_cell(nb.cells[0], 0)
        imports = time.perf_counter() - tick
        tick = time.perf_counter()
        for index, cell in enumerate(nb.cells[1:], 1):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        cells = time.perf_counter() - tick
    return {"notebook": name, "kernel": kernel, "imports": imports, "cells": cells,
            "total": kernel + imports + cells}


# --- scale: load, validate and derive on synthetic packages --------------------------------

# Modules whose public functions of `data` (any other parameter optional) are timed, by label.
DERIVED = {"units": "casebook.derive.units", "patterns": "casebook.views.patterns"}
# Pattern tables made from another pattern table: (function, the function that makes its input).
FROM_TABLES = (("digital_timeline", "digital_events"), ("apology_by_stance", "apology_statements"))
# Views that are neither derivations nor pattern tables: timed and reported, left out of the totals.
OTHER_VIEWS = "views."


def _functions_of_data(module) -> list[tuple[str, Callable]]:
    """The module's own public functions whose first parameter is `data` and whose others are optional."""
    found = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ != module.__name__ or name.startswith("_"):
            continue
        parameters = list(inspect.signature(function).parameters.values())
        if parameters and parameters[0].name == "data" and all(p.default is not p.empty for p in parameters[1:]):
            found.append((name, function))
    return found


def _derivations(data) -> list[tuple[str, object]]:
    """(name, zero-argument call) for each derivation there is to time: money and timing, every
    function of `data` in units and patterns, the pattern tables made from another table (that
    table made beforehand, untimed), the evidence behind every record, and (named OTHER_VIEWS...)
    the other views."""
    from casebook.derive import money, timing
    from casebook.views import evidence, explorer, landing, summaries

    def windows():
        start, end = data.events["date_earliest"].min(), data.events["date_latest"].max()
        return timing.spans_in_window(data.events, *timing.window_masks(data.elections, start, end))

    calls = [("money.penalties_in_usd", lambda: money.penalties_in_usd(data.penalties, data.events, data.fx_rates)),
             ("timing.next_election", lambda: timing.next_election(data.events, data.elections)),
             ("timing.window_masks + spans_in_window", windows)]
    for label, module_name in DERIVED.items():
        module = importlib.import_module(module_name)
        calls += [(f"{label}.{name}", partial(function, data)) for name, function in _functions_of_data(module)]
    patterns = importlib.import_module(DERIVED["patterns"])
    for name, source in FROM_TABLES:
        use, table = getattr(patterns, name), getattr(patterns, source)(data)
        takes_data = next(iter(inspect.signature(use).parameters)) == "data"
        calls.append((f"patterns.{name}", partial(use, data, table) if takes_data else partial(use, table)))
    return calls + [("evidence.Evidence", partial(evidence.Evidence, data)),
                    (f"{OTHER_VIEWS}landing.case_index", partial(landing.case_index, data)),
                    (f"{OTHER_VIEWS}explorer.tables", partial(explorer.tables, data)),
                    (f"{OTHER_VIEWS}summaries.sources_overview", partial(summaries.sources_overview, data))]


class _Overtime(Exception):
    pass


def _alarm(signum, frame):
    raise _Overtime


def _worker(data_dir: str, limit: float, skip: set[str]) -> None:
    """In a fresh process: load one package, then run each derivation; one JSON line per figure."""
    import casebook

    def emit(**row):
        print(json.dumps(row), flush=True)

    signal.signal(signal.SIGALRM, _alarm)
    start, cpu = time.perf_counter(), time.process_time()
    data = casebook.load(data_dir)
    emit(name="load + validate", seconds=time.perf_counter() - start, cpu=time.process_time() - cpu,
         rows=sum(len(t) for t in data.values()), rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    for name, call in _derivations(data):
        if name in skip:
            emit(name=name, skipped="over the time limit at a smaller size")
            continue
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            start, cpu = time.perf_counter(), time.process_time()
            call()
            emit(name=name, seconds=time.perf_counter() - start, cpu=time.process_time() - cpu)
        except _Overtime:
            emit(name=name, overtime=limit)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _run_worker(data_dir: Path, limit: float, skip: set[str]) -> list[dict]:
    command = [sys.executable, "-m", "tools.bench", "--worker", str(data_dir),
               "--limit", str(limit), "--skip-names", json.dumps(sorted(skip))]
    # A build folder of its own, so that no earlier validation of the same content is reused.
    build = tempfile.mkdtemp(prefix="build-", dir=data_dir.parent)
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, CASEBOOK_BUILD=build))
    shutil.rmtree(build, ignore_errors=True)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0:
        rows.append({"name": "worker failed", "error": done.stderr[-2000:]})
    return rows


def bench_scale(work: Path, sizes, limit: float) -> dict:
    from tools.synth import synthesise

    results = {}
    overtime: set[str] = set()
    for n in sizes:
        target = work / f"synth-{n}"
        start = time.perf_counter()
        synthesise(n, target)
        made = time.perf_counter() - start
        rows = _run_worker(target, limit, overtime)
        overtime |= {r["name"] for r in rows if "overtime" in r or "skipped" in r}
        results[n] = {"synth_seconds": made, "rows": rows}
        shutil.rmtree(target, ignore_errors=True)
    return results


def slope(t1, t2, n1, n2):
    if not t1 or not t2 or t1 <= 0 or t2 <= 0:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


# --- report --------------------------------------------------------------------------------

def _s(seconds) -> str:
    return "–" if seconds is None else f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


TEST_TARGET_SECONDS = 180.0
CLEAN_TARGET_FLOOR_MULTIPLE = 3.0  # the clean build within this multiple of the floor
UNCHANGED_TARGET_SECONDS = 5.0
SLOPE_FLOOR_SECONDS = 0.5  # steps faster than this at the largest size are left out of the growth verdict


def _floor(results: dict) -> float | None:
    notebooks = results.get("notebooks")
    if not notebooks:
        return None
    return sum(nb["cells"] + nb["kernel"] for nb in notebooks) / results["machine"]["cores"]


def _book_row(results: dict, label: str) -> dict | None:
    return next((r for r in results.get("book", []) if r["what"].startswith(label)), None)


def _scale_totals(scale: dict, sizes: list[str]) -> dict:
    """Per size: [seconds of load + validate + every derivation once, every step finished]."""
    counted = {n: [r for r in scale[n]["rows"] if _counted(r["name"])] for n in sizes}
    return {n: [sum(r.get("seconds", 0.0) for r in rows), all("seconds" in r for r in rows)]
            for n, rows in counted.items()}


def _counted(name: str) -> bool:
    return not name.endswith("_findings") and not name.startswith(OTHER_VIEWS)


def targets(results: dict) -> list[str]:
    """Each target of the build, the tests and the scale benchmark, what this run measured, and
    whether it is met."""
    rows, floor = [], _floor(results)

    def row(target, measured, met):
        rows.append(f"| {target} | {measured} | {'yes' if met else '**no**'} |")

    clean, unchanged, edited = (_book_row(results, x) for x in ("(a)", "(b)", "(c)"))
    tested = _book_row(results, "(d)")
    if unchanged:
        row(f"rebuild with nothing changed under {UNCHANGED_TARGET_SECONDS:.0f} s", f"(b) {_s(unchanged['seconds'])}",
            unchanged["seconds"] < UNCHANGED_TARGET_SECONDS and not unchanged.get("exit"))
    if clean and edited:
        reached = "reached the HTML" in edited.get("note", "")
        ratio = edited["seconds"] / clean["seconds"]
        row("one data row changed: the change reaches the HTML, for no more than a clean build (5% allowed for noise)",
            f"(c) {_s(edited['seconds'])}, {ratio:.2f} × the clean build; "
            f"{'reached' if reached else 'did not reach'} the HTML", reached and ratio <= 1.05)
    if clean and floor:
        row(f"clean build within {CLEAN_TARGET_FLOOR_MULTIPLE:.0f} × the floor",
            f"(a) {clean['seconds'] / floor:.1f} × the floor", clean["seconds"] <= CLEAN_TARGET_FLOOR_MULTIPLE * floor)
    if tested:
        row(f"`make test` under {TEST_TARGET_SECONDS:.0f} s", f"(d) {_s(tested['seconds'])}",
            tested["seconds"] < TEST_TARGET_SECONDS and not tested.get("exit"))
    scale = results.get("scale")
    if scale:
        sizes = sorted(scale, key=int)
        last, before = sizes[-1], sizes[-2] if len(sizes) > 1 else None
        total, complete = _scale_totals(scale, sizes)[last]
        row(f"{last}×: load + validate + every derivation under {TARGET_SECONDS:.0f} s",
            f"{'more than ' if not complete else ''}{_s(total)}", complete and total < TARGET_SECONDS)
        if before:
            n1, n2 = (next(r["rows"] for r in scale[n]["rows"] if r["name"] == "load + validate") for n in (before, last))
            nlogn = slope(n1 * math.log(n1), n2 * math.log(n2), int(before), int(last))
            timed = {r["name"]: r.get("seconds") for r in scale[last]["rows"]}
            slopes = [(slope(r.get("seconds"), timed.get(r["name"]), int(before), int(last)), r["name"])
                      for r in scale[before]["rows"] if (timed.get(r["name"]) or 0) >= SLOPE_FLOOR_SECONDS]
            steepest = max(((s, name) for s, name in slopes if s is not None), default=(None, ""))
            if steepest[0] is not None:
                row(f"growth {before}× → {last}× no worse than n log n (slope {nlogn:.2f}), for every step taking "
                    f"at least {SLOPE_FLOOR_SECONDS} s at {last}× (0.05 allowed for noise)",
                    f"steepest: {steepest[1]}, slope {steepest[0]:.2f}", steepest[0] <= nlogn + 0.05)
    return [] if not rows else ["### Targets\n", "| target | this run | met |", "|---|---|---|", *rows, ""]


def report(results: dict) -> str:
    m = results["machine"]
    out = [f"Measured {m['date']} by `{results['command']}` on {m['cores']} cores, {m['memory_gib']} GiB, "
               f"{m['cpu']}, Python {m['python']}, {m['system']}; load average {m['load_average']} at the start "
               f"and {results.get('load_average_end', '?')} at the end.\n"]
    return "\n".join(out + targets(results) + _book_report(results) + _scale_report(results))


def _book_report(results: dict) -> list[str]:
    """The book build and test rows, and the per-notebook table."""
    notebooks, floor = results.get("notebooks"), _floor(results)
    if not (results.get("book") or notebooks):
        return []
    m = results["machine"]
    out = ["### Book build and tests\n", "| what | wall time | × floor | note |", "|---|---:|---:|---|"]
    for row in results.get("book", []):
        ratio = f"{row['seconds'] / floor:.1f}" if floor else "–"
        note = row.get("note", "")
        if row.get("exit"):
            note = (note + "; " if note else "") + f"exit status {row['exit']}"
        out.append(f"| {row['what']} | {_s(row['seconds'])} | {ratio} | {note} |")
    if notebooks:
        total = sum(nb["total"] for nb in notebooks)
        kernels = sum(nb["kernel"] for nb in notebooks)
        imports = sum(nb["imports"] for nb in notebooks)
        out.append(f"| (e) all notebooks one after another (nbclient) | {_s(total)} | {total / floor:.1f} | "
                   f"kernel starts {kernels / total:.0%}, imports {imports / total:.0%} |")
        out += [f"| floor: (own cells + one kernel start each) / {m['cores']} cores | {_s(floor)} | 1.0 | |", "",
                "### Per notebook (nbclient)\n",
                "| notebook | kernel start | imports | own cells | total | kernel + imports share |",
                "|---|---:|---:|---:|---:|---:|"]
        for nb in notebooks:
            share = (nb["kernel"] + nb["imports"]) / nb["total"]
            out.append(f"| {nb['notebook']} | {_s(nb['kernel'])} | {_s(nb['imports'])} | {_s(nb['cells'])} | "
                       f"{_s(nb['total'])} | {share:.0%} |")
    out.append("")
    return out


def _scale_report(results: dict) -> list[str]:
    """The scale table, its total and the verdict on the target."""
    scale = results.get("scale")
    if not scale:
        return []
    sizes = sorted(scale, key=int)
    rows = {n: {r["name"]: r for r in scale[n]["rows"]} for n in sizes}
    out = ["### Scale: load + validate and derivations on synthetic packages\n",
           "Rows per size: " + ", ".join(f"{n}× = {rows[n].get('load + validate', {}).get('rows', '?'):,}"
                                         for n in sizes) + ".\n",
           "| step | " + " | ".join(f"{n}×" for n in sizes) + " | "
           + " | ".join(f"slope {a}→{b}" for a, b in zip(sizes, sizes[1:])) + " |",
           "|---|" + "---:|" * (2 * len(sizes) - 1)]

    def cell(r):
        if "seconds" in r:
            return _s(r["seconds"]) + (f" (RSS {r['rss_mib']:.0f} MiB)" if "rss_mib" in r else "")
        return f"> {r['overtime']:.0f} s (stopped)" if "overtime" in r else ("not run" if r else "–")

    def slopes(times):
        return ["–" if (v := slope(a, b, int(m), int(n))) is None else f"{v:.2f}"
                for (m, a), (n, b) in zip(zip(sizes, times), zip(sizes[1:], times[1:]))]

    for name in dict.fromkeys(name for n in sizes for name in rows[n]):
        found = [rows[n].get(name, {}) for n in sizes]
        out.append(f"| {name} | " + " | ".join(map(cell, found)) + " | "
                   + " | ".join(slopes([r.get("seconds") for r in found])) + " |")
    totals = _scale_totals(scale, sizes)
    out.append("| **load + validate + every derivation once** | "
               + " | ".join(f"**{'' if totals[n][1] else '> '}{_s(totals[n][0])}**" for n in sizes) + " | "
               + " | ".join(slopes([totals[n][0] if totals[n][1] else None for n in sizes])) + " |")
    cpu = {n: sum(r.get("cpu") or 0.0 for r in scale[n]["rows"] if _counted(r["name"])) for n in sizes}
    last = sizes[-1]
    out.append(f"""
Time is wall time in a fresh process per size (for load + validate, with the process's peak resident
memory). Slope is log(time ratio) / log(size ratio): 1 is linear, 2 quadratic; n log n shows as about
1.1 between 10× and 100×. A step still running after the time limit is stopped and not run at larger
sizes. The total leaves out the patterns.*_findings functions, which recompute their chapter's
table, and the {OTHER_VIEWS}* rows (views that are neither derivations nor pattern tables). A table
made from another ({', '.join(f'patterns.{name}' for name, _ in FROM_TABLES)}) is timed without
making its input. The same total in processor time (the worker's own, which other work on the
machine does not inflate): {', '.join(f'{n}× {_s(cpu[n])}' for n in sizes)}. Synthesising the
packages took {', '.join(_s(scale[n]['synth_seconds']) for n in sizes)}.

At {last}×, load + validate + every derivation {'take' if totals[last][1] else 'take more than'} \
{_s(totals[last][0])}: the {TARGET_SECONDS:.0f} s target is \
{'met' if totals[last][1] and totals[last][0] < TARGET_SECONDS else 'missed'}.""")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-test", action="store_true", help="do not time `make test` (it takes minutes)")
    parser.add_argument("--skip-book", action="store_true", help="do not time the book builds")
    parser.add_argument("--skip-notebooks", action="store_true", help="do not time the notebooks one by one")
    parser.add_argument("--skip-scale", action="store_true", help="do not run the scale benchmark")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic sizes (default 1,10,100)")
    parser.add_argument("--limit", type=float, default=60.0,
                        help="seconds after which a derivation is stopped and not run at larger sizes")
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--report", metavar="JSON", help="measure nothing: print the report of a run saved with --json")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--skip-names", default="[]", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.limit, set(json.loads(args.skip_names)))
        return 0
    if args.report:
        print(report(json.loads(Path(args.report).read_text(encoding="utf-8"))))
        return 0

    results = {"machine": machine(), "command": "python -m tools.bench " + " ".join(argv or sys.argv[1:])}
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        work = Path(tmp)
        source = ROOT
        if not args.skip_book:
            print("timing book builds...", file=sys.stderr, flush=True)
            results["book"] = bench_builds(work)
        if not args.skip_test:
            print("timing make test...", file=sys.stderr, flush=True)
            results.setdefault("book", []).append(bench_make_test(work))
        if not args.skip_notebooks:
            print("timing notebooks...", file=sys.stderr, flush=True)
            results["notebooks"] = [bench_notebook(source, name) for name in _toc_notebooks(source)]
        if not args.skip_scale:
            print("timing scale...", file=sys.stderr, flush=True)
            sizes = [int(s) for s in args.sizes.split(",")]
            results["scale"] = bench_scale(work, sizes, args.limit)
    results["load_average_end"] = round(os.getloadavg()[0], 2)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(report(results))
    failed = [r for r in results.get("book", []) if r.get("exit")]
    for row in failed:
        print(f"\n{row['what']} exited with status {row['exit']}; the end of its output:\n{row['log']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
