"""The library's layout: four stages that import one way, and one vocabulary held to the schema.

    data (read, validate, load) -> derive (units, timing, money) -> views (what chapters show)
    -> render (the site and its take-aways)

A module may import from its own stage, from an earlier one, and from the base modules every
stage shares (settings, vocabulary, dates, the package's own __init__, which offers `load`);
never from a later stage,
never from tools/, and no chain of imports may lead back to where it started.
"""

import ast
import json
from pathlib import Path

import pytest

from casebook import settings, vocabulary

PACKAGE = settings.ROOT / "casebook"
STAGES = ["data", "derive", "views", "render"]
BASE = {"casebook", "casebook.settings", "casebook.vocabulary", "casebook.dates", "casebook.__main__"}
FRONT = {"casebook", "casebook.__main__"}  # the package's front door (`casebook.load`) and its command line


def module_name(path: Path) -> str:
    parts = path.relative_to(settings.ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """Every casebook or tools module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    return {name for name in found if name.split(".")[0] in ("casebook", "tools")}


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def stage(name: str) -> int:
    parts = name.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else -1


def test_every_module_is_in_a_stage_or_the_base():
    assert [name for name in MODULES if stage(name) < 0 and name not in BASE] == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_from_its_stage_or_earlier(name):
    later = sorted(target for target in GRAPH[name] if target.startswith("casebook") and stage(target) > stage(name)
                   and name not in FRONT)
    assert later == [], f"{name} imports from a later stage: {later}"
    assert not [target for target in GRAPH[name] if target.startswith("tools")], f"{name} imports from tools/"


def test_no_import_cycle():
    state, cycles = {}, []

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(GRAPH.get(name, ())):
            if target not in MODULES:
                continue
            if state.get(target) == "open":
                cycles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[name] = "done"

    for name in MODULES:
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_check_finds_a_cycle_and_a_backward_import(tmp_path, monkeypatch):
    monkeypatch.setitem(GRAPH, "casebook.data.read", GRAPH["casebook.data.read"] | {"casebook.data.load"})
    with pytest.raises(AssertionError, match="casebook.data.load -> casebook.data.read -> casebook.data.load"):
        test_no_import_cycle()
    monkeypatch.setitem(GRAPH, "casebook.derive.units", GRAPH["casebook.derive.units"] | {"casebook.views.figures"})
    with pytest.raises(AssertionError, match="later stage"):
        test_a_module_imports_only_from_its_stage_or_earlier("casebook.derive.units")


# --- the vocabulary -----------------------------------------------------------------------------

def allowed(table: str, field: str) -> set[str]:
    descriptor = json.loads((settings.ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    spec = next(f for f in resource["schema"]["fields"] if f["name"] == field)
    return set(spec["constraints"]["enum"])


@pytest.mark.parametrize("name", sorted(vocabulary.FIELDS))
def test_every_term_is_a_value_the_schema_allows(name):
    table, field = vocabulary.FIELDS[name]
    terms = set(getattr(vocabulary, name))
    assert terms and terms <= allowed(table, field), f"{name}: not in {table}.{field}: {terms - allowed(table, field)}"


def test_every_term_list_is_checked():
    lists = {name for name, value in vars(vocabulary).items()
             if name.isupper() and name != "FIELDS" and isinstance(value, (list, tuple, set, dict))}
    assert lists == set(vocabulary.FIELDS)


def test_every_legal_step_has_one_direction_and_every_court_a_name_and_a_rank():
    assert not set(vocabulary.ADVERSE) & set(vocabulary.FAVOURABLE)
    assert set(vocabulary.DIRECTION) == set(vocabulary.ADVERSE) | set(vocabulary.FAVOURABLE) | set(vocabulary.PROCEDURAL)
    assert set(vocabulary.COURT_NAMES) == set(vocabulary.COURT_ORDER) == allowed("events", "court_level")
    assert set(vocabulary.STANCES) == allowed("statements", "stance")
    assert set(vocabulary.CONFLICT_KINDS) == allowed("conflicts", "kind")
