"""Checks that `datapackage.json` describes what the library reads: plain CSV files in the data folder.

Each check returns problems as (column or None, message) pairs, or a refusal message; nothing here
opens a table, so that an unsafe path or a special file is refused before it is read.
"""

import re
import stat
from pathlib import Path, PurePosixPath

from casebook import dates
from casebook.data import contract


def shape_problems(descriptor) -> list[tuple[str | None, str]]:
    """What keeps the descriptor from being read as a package of CSV tables: (column, message)."""
    if not isinstance(descriptor, dict):
        return [(None, f"is not a data package: it holds a JSON {_json_kind(descriptor)}, not an object")]
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return [(None, "lists no tables: 'resources' must be a non-empty list of tables")]
    problems, names = _settings_problems(descriptor, _PACKAGE_SETTINGS), set()
    for number, resource in enumerate(resources, 1):
        if not isinstance(resource, dict):
            problems.append((None, f"table {number} in 'resources' is a JSON {_json_kind(resource)}, not an object"))
            continue
        name = resource.get("name")
        if not isinstance(name, str) or not name:
            problems.append((None, f"table {number} in 'resources' has no 'name'"))
            continue
        if name in names:
            problems.append((None, f"table '{name}' is listed twice"))
        names.add(name)
        problems += [(column, f"table '{name}': {message}") for column, message in _resource_problems(resource)]
    return problems or _reference_problems(resources)


def _reference_problems(resources: list[dict]) -> list[tuple[None, str]]:
    """Foreign keys that point to a table that is not listed, or to columns it does not declare."""
    columns = {r["name"]: {spec["name"] for spec in r["schema"]["fields"]} for r in resources}
    problems = []
    for resource in resources:
        for fk in resource["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or resource["name"]  # "" is the table itself
            fields = _column_names(fk["reference"]["fields"], columns.get(target, ()))
            if target not in columns:
                problems.append((None, f"table '{resource['name']}': a foreign key points to table '{target}', "
                                       "which is not listed"))
            elif fields is None or len(fields) != len(_column_names(fk["fields"], columns[resource["name"]])):
                problems.append((None, f"table '{resource['name']}': a foreign key points to columns of "
                                       f"'{target}' that it does not declare, or to more or fewer columns"))
    return problems


# Descriptor properties that would make frictionless read something other than a plain CSV file of
# the data folder (another format, a compressed or remote file, a profile or schema elsewhere):
# property -> the values allowed where it is present.
_PACKAGE_SETTINGS = {"profile": ("data-package", "tabular-data-package"), "$schema": ()}
_RESOURCE_SETTINGS = {"format": ("csv",), "scheme": ("file",), "profile": ("data-resource", "tabular-data-resource"),
                      "compression": (), "innerpath": (), "extrapaths": (), "data": (), "$schema": ()}


def _settings_problems(descriptor: dict, allowed: dict) -> list[tuple[None, str]]:
    problems = []
    for key, values in allowed.items():
        if key in descriptor and descriptor[key] not in values:
            wanted = " or ".join(f"'{v}'" for v in values) if values else "absent"
            problems.append((None, f"'{key}' must be {wanted}: the tables are plain CSV files in the data folder"))
    return problems


def _resource_problems(resource: dict) -> list[tuple[str | None, str]]:
    path, schema = resource.get("path"), resource.get("schema")
    if not isinstance(path, str) or not path:
        return [(None, "'path' must be the name of one CSV file in the data folder")]
    if _settings_problems(resource, _RESOURCE_SETTINGS):
        return _settings_problems(resource, _RESOURCE_SETTINGS)
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        return [(None, "'schema' must be an object holding a non-empty list of 'fields'")]
    problems, seen = [], set()
    for number, spec in enumerate(schema["fields"], 1):
        column = spec.get("name") if isinstance(spec, dict) else None
        if not isinstance(column, str) or not column:
            problems.append((None, f"field {number} has no 'name'"))
            continue
        if column in seen:
            problems.append((column, "column is declared twice"))
        seen.add(column)
        problems += [(column, message) for message in _constraint_problems(spec.get("constraints", {}))]
    if _column_names(schema.get("primaryKey", []), seen) is None:
        problems.append((None, "'primaryKey' must name columns of the table"))
    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list) or not all(_foreign_key_shape(fk, seen) for fk in foreign_keys):
        problems.append((None, "'foreignKeys' must be a list of {fields, reference: {resource, fields}} "
                               "naming columns of the table"))
    encoding = resource.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig"):
        problems.append((None, f"declares encoding {encoding!r}; the tables are read as UTF-8"))
    dialect = resource.get("dialect", {})
    if not isinstance(dialect, dict) or any(dialect.get(k, v) != v for k, v in _CSV_DIALECT.items()):
        problems.append((None, "declares a CSV dialect other than the one the tables are read with "
                               "(comma-separated, double quotes doubled inside quoted cells)"))
    return problems


def _constraint_problems(constraints) -> list[str]:
    if not isinstance(constraints, dict):
        return ["'constraints' must be an object"]
    problems = []
    if not isinstance(constraints.get("enum", []), list):
        problems.append("'enum' must be a list of values")
    for flag in ("required", "unique"):
        if not isinstance(constraints.get(flag, False), bool):
            problems.append(f"'{flag}' must be true or false")
    for bound in ("minimum", "maximum", "minLength", "maxLength"):
        value = constraints.get(bound, 0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"'{bound}' must be a number")
    pattern = constraints.get("pattern", "")
    try:
        re.compile(pattern)
    except (re.error, TypeError) as err:
        problems.append(f"'pattern' is not a regular expression ({err})")
    return problems


def _column_names(names, columns) -> list[str] | None:
    """A key's column names as a list (a single name may stand alone); None if not all are columns."""
    names = [names] if isinstance(names, str) else names
    if isinstance(names, list) and all(isinstance(n, str) and n in columns for n in names):
        return names
    return None


def _foreign_key_shape(fk, columns) -> bool:
    reference = fk.get("reference") if isinstance(fk, dict) else None
    return (isinstance(reference, dict) and isinstance(reference.get("resource"), str)
            and _column_names(fk.get("fields"), columns) is not None
            and isinstance(reference.get("fields"), str | list))


# The only CSV dialect the tables are read with (Table Schema's CSV Dialect property names).
_CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "skipInitialSpace": False, "header": True}


def contract_problems(descriptor: dict) -> list[tuple[str | None, str]]:
    """The tables and columns the chapters read, declared as they read them (casebook.data.contract)."""
    resources = {r["name"]: r for r in descriptor["resources"]}
    problems = []
    for name in contract.TABLES:
        if name not in resources:
            problems.append((None, f"does not list the table '{name}', which the chapters read "
                                   "(rule: every table of the data contract)"))
            continue
        schema = resources[name]["schema"]
        specs = {spec["name"]: spec for spec in schema["fields"]}
        for column in contract.columns(name):
            if column not in specs:
                problems.append((column, f"table '{name}' does not declare this column, which the chapters read "
                                         "(rule: every column of the data contract)"))
        key = schema.get("primaryKey", [])
        if ([key] if isinstance(key, str) else key) != contract.key(name):
            problems.append((", ".join(contract.key(name)), f"table '{name}': the primary key must be "
                             f"({', '.join(contract.key(name))}) (rule: rows are cited by their key)"))
        for column in contract.POSITIVE.get(name, ()):
            if column in specs and specs[column].get("type") not in ("number", "integer"):
                problems.append((column, f"table '{name}': the type must be number "
                                         "(rule: amounts, dollar figures, months and rates are read as numbers)"))
        for column in contract.ENUMERATED.get(name, ()):
            if column in specs and not isinstance((specs[column].get("constraints") or {}).get("enum"), list):
                problems.append((column, f"table '{name}': the constraints must give an enum, the list of allowed "
                                         "values (rule: the chapters group and count by this column's values)"))
        for column in contract.DATES.get(name, ()):
            if column in specs and (specs[column].get("constraints") or {}).get("pattern") != dates.ISO_PATTERN:
                problems.append((column, f"table '{name}': the constraints must give the ISO 8601 date pattern "
                                         "(rule: dates are read as ranges of days)"))
    return problems


def _json_kind(value) -> str:
    return {list: "list", str: "string", bool: "boolean", type(None): "null", dict: "object"}.get(
        type(value), "number")


def path_refusal(relative: str) -> str | None:
    """Why a path written in the descriptor cannot name a file of the package (None: it can)."""
    pure = PurePosixPath(relative)
    if "://" in relative or pure.is_absolute() or ".." in pure.parts or "\\" in relative or "\0" in relative:
        return f"'{relative}' is not a file name inside the data folder"
    return None


def file_refusal(data_dir: Path, relative: str) -> str | None:
    """Why the file `relative` in `data_dir` may not be read (None: it may).

    Decided from the file's metadata alone, before anything is opened: nothing outside the data
    folder is read, and no pipe, device or folder (a read from which could block for ever).
    """
    try:
        root = data_dir.resolve(strict=True)
        real = (data_dir / relative).resolve(strict=True)
        mode = real.stat().st_mode
    except FileNotFoundError:
        return "file is missing"
    except (OSError, RuntimeError) as err:  # a symbolic-link loop, a name too long...
        return f"cannot be read ({getattr(err, 'strerror', None) or err})"
    if not real.is_relative_to(root):
        return "is a link that leads outside the data folder"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a folder, pipe or device cannot be read)"
    return None
