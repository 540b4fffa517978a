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
