"""The verdicts `make bench` prints on its targets, from a run's figures (no timing here)."""

import math

from tools import bench


def run(test_seconds=150.0, edited_seconds=30.0, reached=True, big=5.0, big_record_index=0.8, clean_seconds=40.0):
    notebooks = [{"notebook": "a", "kernel": 0.5, "imports": 0.5, "cells": 4.5, "total": 5.5}] * 4  # floor 10 s
    rows = lambda n, ri, other: [  # noqa: E731
        {"name": "load + validate", "rows": 753 * n, "seconds": other},
        {"name": "patterns.record_index", "seconds": ri},
        {"name": "patterns.timing_findings", "seconds": 99.0},  # a *_findings row: never counted
    ]
    return {
        "machine": {"cores": 2, "date": "d", "memory_gib": 1, "cpu": "c", "python": "3.11", "system": "s",
                    "load_average": 0},
        "command": "python -m tools.bench",
        "book": [
            {"what": "(a) clean build (empty cache)", "seconds": clean_seconds, "exit": 0, "note": ""},
            {"what": "(b) rebuild, nothing changed", "seconds": 0.6, "exit": 0, "note": ""},
            {"what": "(c) rebuild after one data row changed", "seconds": edited_seconds, "exit": 0,
             "note": "the change reached the HTML" if reached else "the change did NOT reach the HTML (stale pages)"},
            {"what": "(d) make test (empty build folder)", "seconds": test_seconds, "exit": 0, "note": ""},
        ],
        "notebooks": notebooks,
        "scale": {"100": {"rows": rows(100, 0.07, 0.5), "synth_seconds": 0.1},
                  "1000": {"rows": rows(1000, big_record_index, big), "synth_seconds": 1.0}},
    }


def verdicts(results) -> dict[str, str]:
    lines = [line for line in bench.targets(results) if line.startswith("| ") and not line.startswith("| target")]
    return {line.split(" | ")[0].strip("| "): line.rstrip(" |").rsplit(" | ", 1)[1] for line in lines}


def test_each_target_is_judged_on_the_run_s_figures():
    good = verdicts(run())
    assert len(good) == 6 and set(good.values()) == {"yes", "**no**"}
    assert [k for k, v in good.items() if v != "yes"] == ["clean build within 3 × the floor"]  # 40 s over a 10 s floor
    assert "clean build within 3 × the floor" not in [k for k, v in verdicts(run(clean_seconds=30.0)).items() if v != "yes"]
    bad = verdicts(run(test_seconds=180.0, edited_seconds=50.0, big=12.0, big_record_index=7.0))
    assert bad["`make test` under 180 s"] == "**no**"
    assert next(v for k, v in bad.items() if k.startswith("one data row changed")) == "**no**"
    assert next(v for k, v in bad.items() if k.startswith("1000×: load")) == "**no**"
    assert next(v for k, v in bad.items() if k.startswith("growth")) == "**no**"  # a tenfold slope of 2
    stale = verdicts(run(reached=False))
    assert next(v for k, v in stale.items() if k.startswith("one data row changed")) == "**no**"


def test_the_n_log_n_slope_is_that_of_the_rows_measured():
    n1, n2 = 75_300, 753_000
    line = next(line for line in bench.targets(run()) if "growth" in line)
    assert f"slope {bench.slope(n1 * math.log(n1), n2 * math.log(n2), 100, 1000):.2f}" in line
    assert "steepest: patterns.record_index, slope 1.06" in line  # 0.07 s to 0.8 s, against 0.5 s to 5 s


def test_a_build_s_executions_are_counted_from_its_log():
    log = ("executing 20 notebook(s) in parallel into _build/.jupyter_cache/x\n"
           "book/a.ipynb: Using cached notebook: ID=1 [mystnb]\n"
           "book/b.ipynb: Executing notebook using local CWD [mystnb]\n")
    assert bench._executed(log) == "20 notebook(s) executed in parallel, 1 by myst-nb"
    assert bench._executed("no page read") == "0 notebook(s) executed in parallel, 0 by myst-nb"
