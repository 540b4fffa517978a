import pandas as pd

from casebook.views import display


def test_escape_makes_markup_inert():
    assert display.escape('<b>x</b> | *y*') == "\\<b\\>x\\<\\/b\\> \\| \\*y\\*"
    assert display.escape(None) == "" and display.escape(float("nan")) == ""


def test_table_is_numbered_captioned_and_sourced():
    text = display.table(pd.DataFrame({"a": [1]}), label="tbl-x", caption="Cap", source="data/x.csv").data
    assert text.startswith(":::{table} Cap\n:name: tbl-x\n") and "| a |" in text and "*Source:* data\\/x\\.csv" in text


def test_empty_table_shows_its_note_instead():
    text = display.table(pd.DataFrame({"a": []}), label="tbl-x", caption="Claims", source="s", empty="none.").data
    assert text == "*Claims*: none\\."


def test_markup_the_library_built_is_left_as_it_is():
    marker = display.Markup('<sup class="ev-ref">E1</sup>')
    assert display.escape(marker) is marker
    assert display.markdown_table(pd.DataFrame({"a|b": [marker, "x_y"]})).splitlines() == [
        "| a\\|b |", "|---|", '| <sup class="ev-ref">E1</sup> |', "| x\\_y |"]


def test_bullets_escape_the_data():
    assert display.bullets([("*Term*", "a <b> c"), ("n", 2)]).data == "- **\\*Term\\***: a \\<b\\> c\n- **n**: 2"


def test_plain_text_glues_without_quotes():
    text = display.Plain("4 billion riel")
    assert repr(text) == "4 billion riel" and text == "4 billion riel"


def test_the_citation_block_escapes_the_reference_but_not_the_bibtex():
    block = display.citation_block({"plain": "Doe (2024). *Book*.", "bibtex": "@book{doe_2024,\n  title = {Book}\n}"})
    assert block.data == "Doe \\(2024\\)\\. \\*Book\\*\\.\n\n```bibtex\n@book{doe_2024,\n  title = {Book}\n}\n```\n"


def test_a_note_joins_a_sentence_with_its_acronyms_kept():
    assert display.lower_first("Fictional sample case") == "fictional sample case"
    assert display.lower_first("FICTIONAL sample case") == "FICTIONAL sample case"
    assert display.lower_first("UN finding") == "UN finding"
    assert display.lower_first("A") == "a"
    assert display.lower_first("") == ""
