"""The dataset page's tables: sources with what each proves, the data dictionary and the foreign
keys, all read from the package itself."""

import json

import pandas as pd
import pytest

import casebook
from casebook import dates
from casebook.data.load import Dataset
from casebook.data.read import read_descriptor
from casebook.views import summaries


def test_each_source_counts_its_evidence_quotes_and_statements():
    sources = pd.DataFrame([("s-b", "Post", "2018-12-19", "stated"), ("s-a", "ICJ", "2023-03", "relative"),
                            ("s-c", "RFA", "2017-08/2017-09", "inferred")],
                           columns=["source_id", "publisher", "published", "published_basis"])
    dates.add_bounds(sources, "published")
    data = Dataset(sources=sources,
                   evidence=pd.DataFrame({"source_id": ["s-b", "s-b", "s-a"], "record_id": ["x", "y", "z"]}),
                   statements=pd.DataFrame({"source_id": ["s-b"], "statement_id": ["st"]}))
    out = summaries.sources_overview(data)
    assert out["Source"].tolist() == ["s-a", "s-b", "s-c"]  # by id
    assert out["Evidence quotes"].tolist() == [1, 2, 0] and out["Statements"].tolist() == [0, 1, 0]
    assert out["Evidence quotes"].dtype.kind == "i"  # counts, not 1.0 and NaN
    assert out.set_index("Source").loc["s-b", "Published"] == "19 December 2018"
    assert out["Date known by"].tolist() == ["worked out from the source's words", "stated by the source",
                                             "worked out from the source's words"]  # one wording per kind


def test_the_real_sources_overview_adds_up_to_the_evidence():
    data = casebook.load(check_quotes=False)
    out = summaries.sources_overview(data)
    assert len(out) == len(data.sources) and out["Source"].is_unique
    assert out["Evidence quotes"].sum() == len(data.evidence)
    assert out["Statements"].sum() == len(data.statements)
    assert out["Date known by"].notna().all()  # every basis in the data has words


@pytest.fixture
def package(tmp_path):
    """A two-table descriptor: allowed values by list and by minimum, a composite key, foreign keys."""
    descriptor = {"name": "tiny", "resources": [
        {"name": "people", "path": "people.csv", "schema": {
            "primaryKey": ["person_id"],
            "fields": [{"name": "person_id", "constraints": {"required": True}, "description": "Who."},
                       {"name": "side", "type": "string", "constraints": {"enum": ["left", "right"]}}]}},
        {"name": "fines", "path": "fines.csv", "schema": {
            "primaryKey": ["person_id", "year"],
            "foreignKeys": [{"fields": "person_id", "reference": {"resource": "people", "fields": "person_id"}},
                            {"fields": "payer_id", "reference": {"resource": "people", "fields": "person_id"}}],
            "fields": [{"name": "person_id", "type": "string"},
                       {"name": "year", "type": "integer", "constraints": {"required": True, "minimum": 1993}},
                       {"name": "payer_id", "type": "string"}]}},
    ]}
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return tmp_path


def test_the_data_dictionary_reads_each_column_as_the_schema_declares_it(package):
    tables = summaries.data_dictionary(package)
    assert list(tables) == ["people", "fines"]
    people = tables["people"].set_index("Column")
    assert people.loc["person_id"].tolist() == ["string", "yes", "yes", "", "Who."]  # type defaults to string
    assert people.loc["side", "Allowed values"] == "left, right" and people.loc["side", "Required"] == ""
    fines = tables["fines"].set_index("Column")
    assert fines.loc["year", ["Type", "Required", "Key", "Allowed values"]].tolist() == ["integer", "yes", "yes",
                                                                                         ">= 1993"]
    assert fines.loc["payer_id", "Key"] == ""


def test_the_data_dictionary_of_the_project_covers_every_field():
    descriptor = read_descriptor(casebook.settings.data_dir())
    tables = summaries.data_dictionary()
    assert list(tables) == [r["name"] for r in descriptor["resources"]]
    for resource in descriptor["resources"]:
        assert tables[resource["name"]]["Column"].tolist() == [f["name"] for f in resource["schema"]["fields"]]


def test_foreign_keys_name_the_column_and_the_table_it_refers_to(package):
    assert summaries.foreign_keys(package).to_dict("records") == [
        {"Table": "fines", "Column": "person_id", "Refers to": "people.person_id"},
        {"Table": "fines", "Column": "payer_id", "Refers to": "people.person_id"},
    ]


def test_a_foreign_key_to_its_own_table_names_that_table():
    out = summaries.foreign_keys().set_index(["Table", "Column"])
    assert out.loc[("events", "part_of"), "Refers to"] == "events.event_id"
