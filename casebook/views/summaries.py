"""Tables the chapters show, computed from the whole dataset."""

import pandas as pd

from casebook import settings
from casebook.data.read import read_descriptor
from casebook.dates import describe
from casebook.vocabulary import BASIS_WORDS


def sources_overview(data) -> pd.DataFrame:
    """One row per source: who published it, when and how that is known, and what it proves."""
    evidence = data.evidence.groupby("source_id").size()
    statements = data.statements.groupby("source_id").size()
    out = pd.DataFrame({
        "Source": data.sources["source_id"],
        "Publisher": data.sources["publisher"],
        "Published": data.sources["published"].map(describe),
        "Date known by": data.sources["published_basis"].map(BASIS_WORDS),
        "Evidence quotes": data.sources["source_id"].map(evidence).fillna(0).astype(int),
        "Statements": data.sources["source_id"].map(statements).fillna(0).astype(int),
    })
    return out.sort_values("Source").reset_index(drop=True)


def _allowed(field: dict) -> str:
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        return ", ".join(constraints["enum"])
    if "minimum" in constraints:
        return f">= {constraints['minimum']}"
    return ""


def data_dictionary(data_dir=None) -> dict[str, pd.DataFrame]:
    """Per table, its columns as the package's Table Schema declares them."""
    tables = {}
    data_dir = data_dir or settings.data_dir()
    for resource in read_descriptor(data_dir)["resources"]:
        schema = resource["schema"]
        rows = [{
            "Column": f["name"],
            "Type": f.get("type", "string"),
            "Required": "yes" if f.get("constraints", {}).get("required") else "",
            "Key": "yes" if f["name"] in schema.get("primaryKey", []) else "",
            "Allowed values": _allowed(f),
            "Meaning": f.get("description", ""),
        } for f in schema["fields"]]
        tables[resource["name"]] = pd.DataFrame(rows)
    return tables


def _names(fields) -> str:
    return fields if isinstance(fields, str) else ", ".join(fields)


def foreign_keys(data_dir=None) -> pd.DataFrame:
    """Every declared foreign key: which column points at which table."""
    rows = []
    data_dir = data_dir or settings.data_dir()
    for resource in read_descriptor(data_dir)["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            ref = fk["reference"]
            # An empty resource name means the table itself (Table Schema's self-reference).
            rows.append({"Table": resource["name"], "Column": _names(fk["fields"]),
                         "Refers to": f"{ref['resource'] or resource['name']}.{_names(ref['fields'])}"})
    return pd.DataFrame(rows)

