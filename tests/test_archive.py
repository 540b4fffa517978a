from pathlib import Path

from casebook.data import archive


def test_normalise_folds_typography_and_markup():
    raw = "Kem Sokha\u2019s  \u201cact\u201d \u2013 [arbitrarily dissolved](#) *de facto*\n. \u2009. \u2009."
    assert archive.normalise(raw) == "Kem Sokha's \"act\" \u2013 arbitrarily dissolved de facto . . ."


def test_quote_in_furniture_is_told_apart_from_a_missing_one(tmp_path: Path):
    (tmp_path / "catalogue.yaml").write_text(
        "- file: a.txt\n  not_body:\n    - {lines: 1-1, what: headline}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Big Headline\nThe court ruled on Wednesday.\n", encoding="utf-8")
    text = archive.archived_text(tmp_path, "a.txt")
    assert text.locate("The court ruled") == "body"
    assert text.locate("Big Headline") == "furniture"
    assert text.locate("The court refused") == "missing"
    assert text.locate("  ") == "missing"


def test_an_editor_s_sic_does_not_stop_a_quote_matching_but_other_changes_do(tmp_path: Path):
    (tmp_path / "catalogue.yaml").write_text("- file: a.txt\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("He said the minister will to use the courts.\n", encoding="utf-8")
    text = archive.archived_text(tmp_path, "a.txt")
    assert text.locate("the minister will [sic] to use the courts") == "body"
    assert text.locate("the minister will [try] to use the courts") == "missing"
