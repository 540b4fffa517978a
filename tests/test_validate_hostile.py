"""A second catalogue of hand-edited inputs: hostile ones (addresses and names that would become
live links or markup, paths out of the archive, faults in the archive, descriptors that switch rules
off, relations the derivations cannot count, digits that only look like digits), and real ones
that must still pass.

As in tests/test_validate_catalogue.py, each input is a targeted edit of a copy of data/ (and here
of the evidence archive, named by CASEBOOK_ARCHIVE). A bad input must exit with 1 and print a line
naming the file (the archive's files as archive/NAME) and, where there is one, the row id and the
column, with no traceback; a good input must exit with 0 and quotes checked.
"""

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CsvFile
from test_validate_catalogue import Expect, descriptor, edit_spec, first, resource, row_id, save_descriptor, set_cell, spec

from casebook.__main__ import main
from casebook.settings import ARCHIVE_ENV, archive_dir

ARCHIVE = archive_dir()
pytestmark = pytest.mark.skipif(not (ARCHIVE / "catalogue.yaml").is_file(),
                                reason=f"evidence archive not found at {ARCHIVE} (set CASEBOOK_ARCHIVE)")


class At(Expect):
    """A line about a file of the archive copy (archive/NAME), or of the data (data/NAME)."""

    def __init__(self, file, row=None, column=None, says="", folder="archive"):
        super().__init__(file, row, column, says)
        self.folder = folder

    def matches(self, line: str) -> bool:
        return (line.startswith(f"{self.folder}/{self.file}")
                and (self.row is None or f", row '{self.row}'" in line)
                and (self.column is None or f", column '{self.column}'" in line)
                and self.says in line)


@pytest.fixture
def package(tmp_path, monkeypatch) -> Path:
    """A writable copy of data/ beside a writable copy of the archive, which the validator reads."""
    data = tmp_path / "data"
    shutil.copytree(Path(os.environ.get("CASEBOOK_DATA") or Path(__file__).parent.parent / "data"), data)
    shutil.copytree(ARCHIVE, tmp_path / "archive", symlinks=True)
    monkeypatch.setenv(ARCHIVE_ENV, str(tmp_path / "archive"))
    return data


def archive_of(data: Path) -> Path:
    return data.parent / "archive"


def catalogue_text(data: Path) -> str:
    return (archive_of(data) / "catalogue.yaml").read_text(encoding="utf-8")


def save_catalogue(data: Path, text: str) -> None:
    (archive_of(data) / "catalogue.yaml").write_text(text, encoding="utf-8")


def first_source(data: Path) -> tuple[CsvFile, int, str]:
    """sources.csv, the index of its first row and that row's archived file."""
    sources = CsvFile(data, "sources")
    return sources, 0, sources.get(0, "archive_file")


def move_text(data: Path, new_name: str) -> tuple[str, str]:
    """Point the first source and its catalogue entry at `new_name` instead of its archived file."""
    sources, i, old = first_source(data)
    sources.set(i, "archive_file", new_name).save()
    save_catalogue(data, catalogue_text(data).replace(f"file: {old}", f"file: {new_name}"))
    return sources.get(i, "source_id"), old


def evidence_row(data: Path, where=lambda quote: True) -> tuple[CsvFile, int]:
    evidence = CsvFile(data, "evidence")
    return evidence, next(i for i in range(len(evidence.rows)) if where(evidence.get(i, "quote")))


# --- addresses and names that become links, paths and roles ----------------------------------

def _url_javascript(data):
    return set_cell(data, "sources", "url", "javascript:alert(document.domain)//", says="is not a web address")


def _url_data(data):
    return set_cell(data, "sources", "url", "data:text/html,<script>alert(1)</script>", says="is not a web address")


def _repost_url_javascript(data):
    return set_cell(data, "sources", "repost_url", "JavaScript:alert(1)", where=lambda c: True,
                    says="is not a web address")


def _url_without_scheme(data):
    return set_cell(data, "sources", "url", "//evil.example/x", says="is not a web address")


def _url_with_markup(data):
    return set_cell(data, "sources", "url", "https://example.org/x><script>alert(1)</script>",
                    says="is not a web address")


def _url_with_a_space(data):
    return set_cell(data, "sources", "url", "https://example.org/a b", says="is not a web address")


def _chapter_with_markup(data):
    value = "cases/kem-sokha>` <img src=x onerror=alert(1)> {doc}`x <cases/kem-sokha"
    return set_cell(data, "cases", "chapter", value, says="is not a page name")


def _chapter_leaving_the_book(data):
    return set_cell(data, "cases", "chapter", "../../etc/passwd", says="is not a page name")


def _chapter_with_a_myst_directive(data):
    return set_cell(data, "cases", "chapter", "```{raw} html", says="is not a page name")


def _chapter_not_in_the_table_of_contents(data):
    return set_cell(data, "cases", "chapter", "cases/no-such-chapter", says="is not a page of the book")


# --- the archive: confined, and every fault named -------------------------------------------

def _catalogue_entry_outside_the_archive(data):
    outside = data.parent / "outside"
    outside.mkdir()
    _, _, old = first_source(data)
    shutil.copy(archive_of(data) / old, outside / old)
    move_text(data, f"../outside/{old}")
    return At("catalogue.yaml", says="is not a file name inside the archive")


def _catalogue_entry_absolute(data):
    move_text(data, "/etc/hostname")
    return At("catalogue.yaml", says="is not a file name inside the archive")


def _archived_text_linked_outside(data):
    _, _, old = first_source(data)
    (archive_of(data) / old).unlink()
    (archive_of(data) / old).symlink_to("/etc/passwd")
    return At(old, says="is a link that leads outside the archive")


def _archived_text_is_a_folder(data):
    _, _, old = first_source(data)
    (archive_of(data) / old).unlink()
    (archive_of(data) / old).mkdir()
    return At(old, says="is not a regular file")


def _archived_text_not_utf8(data):
    _, _, old = first_source(data)
    path = archive_of(data) / old
    path.write_bytes(path.read_bytes().replace(b"\n", "\n\u00e9\n".encode("latin-1"), 1))
    return At(old, says="line 2: is not valid UTF-8 (byte 0xe9)")


def _archived_text_deleted(data):
    sources, i, old = first_source(data)
    (archive_of(data) / old).unlink()
    return At(old, says="is in the catalogue but not in the archive")


def _archived_text_deleted_names_its_source(data):
    sources, i, old = first_source(data)
    (archive_of(data) / old).unlink()
    return At("sources.csv", sources.get(i, "source_id"), "archive_file", "cannot be used", folder="data")


def _catalogue_not_yaml(data):
    save_catalogue(data, catalogue_text(data).replace("publisher: ", 'publisher: "\t', 1))
    return At("catalogue.yaml", says="is not valid YAML")


def _catalogue_with_a_python_tag(data):
    save_catalogue(data, catalogue_text(data) + "\n- file: !!python/object/apply:os.system ['true']\n")
    return At("catalogue.yaml", says="is not valid YAML")


def _not_body_range_not_a_number(data):
    _, _, old = first_source(data)
    text = catalogue_text(data).replace(f"file: {old}", f"file: {old}\n  not_body_extra: 1", 1)
    text = text.replace("not_body: []", "not_body:\n    - lines: ten-20", 1)
    save_catalogue(data, text.replace("\n  not_body_extra: 1", ""))
    return At("catalogue.yaml", says="not_body lines 'ten-20'")


def _catalogue_not_a_list(data):
    save_catalogue(data, "file: x.txt\n")
    return At("catalogue.yaml", says="must be a list of entries")


def _catalogue_key_given_twice(data):
    save_catalogue(data, catalogue_text(data).replace("  publisher:", "  publisher: X\n  publisher:", 1))
    return At("catalogue.yaml", says="is given twice")


def _quote_of_function_words(data):
    evidence, i = evidence_row(data)
    evidence.set(i, "quote", "of the").save()
    return Expect("evidence.csv", None, "quote", "proves nothing")


def _quote_lacking_the_sources_invisible_characters(data):
    """The archived text gains a ZERO WIDTH SPACE inside a quoted passage, which the quote lacks."""
    evidence, i = evidence_row(data, lambda quote: len(quote.split()) > 3)
    quote, source_id = evidence.get(i, "quote"), evidence.get(i, "source_id")
    sources = CsvFile(data, "sources")
    path = archive_of(data) / sources.get(sources.index(source_id), "archive_file")
    words = quote.split()
    text = path.read_text(encoding="utf-8")
    assert quote in text
    path.write_text(text.replace(quote, " ".join(words[:2]) + " \u200b" + " ".join(words[2:])), encoding="utf-8")
    return Expect("evidence.csv", None, "quote", "invisible characters")


def _archived_text_changed_by_one_byte(data):
    """A copy of a source whose text differs, by one character outside any quote, from the copy the
    data records (sources.archive_sha256): every quote may still be found in it."""
    sources = CsvFile(data, "sources")
    path = archive_of(data) / sources.get(0, "archive_file")
    path.write_bytes(path.read_bytes() + b"\n")
    return Expect("sources.csv", sources.get(0, "source_id"), "archive_sha256", "is not the SHA-256 of the archived text")


# --- digits that only look like digits ----------------------------------------------------------

KHMER = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _date_in_khmer_digits(data):
    events = CsvFile(data, "events")
    return set_cell(data, "events", "date", events.get(0, "date").translate(KHMER), says="ASCII digits")


def _amount_in_khmer_digits(data):
    return set_cell(data, "penalties", "amount", "4000000000".translate(KHMER), says="is not a plain number")


def _rate_in_arabic_indic_digits(data):
    return set_cell(data, "fx_rates", "khr_per_usd", "4000".translate(ARABIC_INDIC), says="is not a plain number")


def _statement_date_in_khmer_digits(data):
    statements = CsvFile(data, "statements")
    return set_cell(data, "statements", "date", statements.get(0, "date").translate(KHMER), says="ASCII digits")


# --- a descriptor that switches rules off ---------------------------------------------------------

def _foreign_keys_dropped_and_an_unknown_speaker(data):
    package = descriptor(data)
    resource(package, "statements")["schema"]["foreignKeys"] = []
    save_descriptor(data, package)
    return set_cell(data, "statements", "speaker_id", "no-such-speaker", says="is not an id in actors.csv")


def _foreign_key_dropped_and_an_unknown_source(data):
    package = descriptor(data)
    resource(package, "evidence")["schema"]["foreignKeys"] = []
    save_descriptor(data, package)
    evidence, i = evidence_row(data)
    evidence.set(i, "source_id", "no-such-source").save()
    return Expect("evidence.csv", None, "source_id", "is not an id in sources.csv")


def mentioned_elsewhere(data: Path, record_id: str) -> bool:
    """Is the id written in a table other than events.csv and evidence.csv?"""
    return any(record_id in path.read_text(encoding="utf-8") for path in data.glob("*.csv")
               if path.name not in ("events.csv", "evidence.csv"))


def _id_pattern_dropped_and_an_id_with_capitals(data):
    edit_spec(data, "events", "event_id", lambda f: f["constraints"].pop("pattern"))
    events = CsvFile(data, "events")
    parts = set(events.rows[k][events.header.index("part_of")] for k in range(len(events.rows)))
    i = first(events, "event_id", lambda c: c not in parts and not mentioned_elsewhere(data, c))
    old = events.get(i, "event_id")
    events.set(i, "event_id", "Event Seven").save()
    evidence = CsvFile(data, "evidence")
    for row in evidence.rows:
        if row[0] == old:
            row[0] = "Event Seven"
    evidence.save()
    return Expect("events.csv", "Event Seven", "event_id", "is not a lowercase slug id")


def _reference_pattern_dropped_and_a_name_for_an_id(data):
    edit_spec(data, "affiliations", "organisation_id", lambda f: f["constraints"].pop("pattern"))
    package = descriptor(data)
    resource(package, "affiliations")["schema"]["foreignKeys"] = []
    save_descriptor(data, package)
    return set_cell(data, "affiliations", "organisation_id", "Cambodia National Rescue Party",
                    says="is not a lowercase slug id")


def _enum_dropped_from_a_column_the_chapters_count(data):
    edit_spec(data, "events", "kind", lambda f: f["constraints"].pop("enum"))
    return Expect("datapackage.json", None, "kind", "must give an enum")


def _descriptor_with_a_duplicate_key(data):
    """events.kind's constraints given twice, the second copy allowing 'teleported', which one event uses."""
    package = descriptor(data)
    kind = spec(package, "events", "kind")
    widened = dict(kind["constraints"], enum=[*kind["constraints"]["enum"], "teleported"])
    kind["x-doubled"] = "here"
    text = json.dumps(package).replace('"x-doubled": "here"', '"constraints": ' + json.dumps(widened), 1)
    (data / "datapackage.json").write_text(text, encoding="utf-8")
    set_cell(data, "events", "kind", "teleported")
    return Expect("datapackage.json", None, None, "'constraints' appears twice")


def _descriptor_with_nan(data):
    edit_spec(data, "fx_rates", "khr_per_usd", lambda f: f["constraints"].update(minimum="NAN-HERE"))
    path = data / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"NAN-HERE"', "NaN"), encoding="utf-8")
    return Expect("datapackage.json", None, None, "NaN is not a JSON number")


def _descriptor_with_infinity(data):
    edit_spec(data, "penalties", "amount", lambda f: f["constraints"].update(maximum="INF-HERE"))
    path = data / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"INF-HERE"', "Infinity"), encoding="utf-8")
    return Expect("datapackage.json", None, None, "Infinity is not a JSON number")


def _descriptor_with_a_number_too_large(data):
    edit_spec(data, "penalties", "amount", lambda f: f["constraints"].update(maximum="BIG-HERE"))
    path = data / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"BIG-HERE"', "1e999"), encoding="utf-8")
    return Expect("datapackage.json", None, None, "too large")


def _descriptor_nested_600_deep(data):
    package = descriptor(data)
    package["x-notes"] = json.loads("[" * 600 + "]" * 600)
    save_descriptor(data, package)
    return Expect("datapackage.json", None, None, "nested too deeply")


def _defendant_absent_widened_and_used(data):
    edit_spec(data, "events", "defendant_absent", lambda f: f["constraints"]["enum"].append("partly"))
    return set_cell(data, "events", "defendant_absent", "partly", says="is not one of yes, no")


def _date_basis_widened_and_used(data):
    edit_spec(data, "events", "date_basis", lambda f: f["constraints"]["enum"].append("guessed"))
    return set_cell(data, "events", "date_basis", "guessed", says="is not one of")


# --- relations the derivations cannot count ---------------------------------------------------

def _event_part_of_itself(data):
    events = CsvFile(data, "events")
    i = first(events, "part_of")
    return set_cell(data, "events", "part_of", events.get(i, "event_id"), says="cannot be part of itself")


def _two_events_part_of_each_other(data):
    events = CsvFile(data, "events")
    i = first(events, "part_of")
    act = events.get(i, "part_of")
    set_cell(data, "events", "part_of", events.get(i, "event_id"), where=lambda c: c == act, on="event_id")
    return Expect("events.csv", events.get(i, "event_id"), "part_of", "a cycle")


def _a_part_of_a_part(data):
    events = CsvFile(data, "events")
    i = first(events, "part_of")
    acts = {events.get(k, "part_of") for k in range(len(events.rows))}
    j = next(k for k in range(len(events.rows))
             if events.get(k, "part_of") == "" and events.get(k, "event_id") not in acts)
    events.set(j, "part_of", events.get(i, "event_id")).save()  # a part of the part i
    return Expect("events.csv", events.get(j, "event_id"), "part_of", "is itself part of")


def _penalty_event_of_another_case(data):
    penalties, events = CsvFile(data, "penalties"), CsvFile(data, "events")
    case = penalties.get(0, "case_id")
    other = next(events.get(k, "event_id") for k in range(len(events.rows))
                 if events.get(k, "case_id") not in ("", case))
    penalties.set(0, "event_id", other).save()
    return Expect("penalties.csv", penalties.get(0, "penalty_id"), "event_id", "is an event of case")


def _conflict_naming_one_row_twice(data):
    conflicts = CsvFile(data, "conflicts")
    one = conflicts.get(0, "record_ids").split()[0]
    return set_cell(data, "conflicts", "record_ids", f"{one} {one}", says="is named twice")


def _beneficiary_named_twice(data):
    penalties = CsvFile(data, "penalties")
    one = penalties.get(first(penalties, "beneficiary_id"), "beneficiary_id").split()[0]
    return set_cell(data, "penalties", "beneficiary_id", f"{one} {one}", says="is named twice")


def _statement_dated_after_its_source(data):
    statements, sources = CsvFile(data, "statements"), CsvFile(data, "sources")
    published = {row[0]: sources.get(k, "published") for k, row in enumerate(sources.rows)}
    i = first(statements, "source_id", lambda c: len(published[c]) == 10)
    later = f"{int(published[statements.get(i, 'source_id')][:4]) + 1}-06-01"
    statements.set(i, "date", later).save()
    return Expect("statements.csv", statements.get(i, "statement_id"), "date", "after its source")


# --- messages ---------------------------------------------------------------------------------

def _trailing_comma_on_every_line(data):
    path = data / "charges.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line + "," for line in lines) + "\n", encoding="utf-8")
    return Expect("charges.csv", None, f"(unnamed, number {len(CsvFile(data, 'charges').header)})", "trailing comma")


BAD = [
    _url_javascript, _url_data, _repost_url_javascript, _url_without_scheme, _url_with_markup,
    _url_with_a_space, _chapter_with_markup, _chapter_leaving_the_book, _chapter_with_a_myst_directive,
    _chapter_not_in_the_table_of_contents, _catalogue_entry_outside_the_archive, _catalogue_entry_absolute,
    _archived_text_linked_outside, _archived_text_is_a_folder, _archived_text_not_utf8, _archived_text_deleted,
    _archived_text_deleted_names_its_source, _catalogue_not_yaml, _catalogue_with_a_python_tag,
    _not_body_range_not_a_number, _catalogue_not_a_list, _catalogue_key_given_twice, _quote_of_function_words,
    _quote_lacking_the_sources_invisible_characters, _archived_text_changed_by_one_byte,
    _date_in_khmer_digits, _amount_in_khmer_digits,
    _rate_in_arabic_indic_digits, _statement_date_in_khmer_digits, _foreign_keys_dropped_and_an_unknown_speaker,
    _foreign_key_dropped_and_an_unknown_source, _id_pattern_dropped_and_an_id_with_capitals,
    _reference_pattern_dropped_and_a_name_for_an_id, _enum_dropped_from_a_column_the_chapters_count,
    _descriptor_with_a_duplicate_key, _descriptor_with_nan, _descriptor_with_infinity,
    _descriptor_with_a_number_too_large, _descriptor_nested_600_deep, _defendant_absent_widened_and_used,
    _date_basis_widened_and_used, _event_part_of_itself, _two_events_part_of_each_other, _a_part_of_a_part,
    _penalty_event_of_another_case, _conflict_naming_one_row_twice, _beneficiary_named_twice,
    _statement_dated_after_its_source, _trailing_comma_on_every_line,
]
# Run as a subprocess, as a user would.
AS_SUBPROCESS = {_url_javascript, _catalogue_entry_outside_the_archive, _archived_text_not_utf8, _catalogue_not_yaml}


# --- real inputs, which must pass ---------------------------------------------------------------

def _url_with_a_query_and_a_fragment(data):
    set_cell(data, "sources", "url", "https://example.org/news/a-b_c.html?id=7&lang=en#para-3")


def _plain_http_url(data):
    set_cell(data, "sources", "url", "http://example.org/archive/2017/09/story")


def _repost_url_given(data):
    set_cell(data, "sources", "repost_url", "https://web.archive.org/web/2018/https://example.org/x",
             where=lambda c: True)


def _stray_link_to_a_device_beside_the_tables(data):
    (data / "junk").symlink_to("/proc/self/mem")
    (data / ".events.csv.swp").write_bytes(b"\x00\xff" * 100)


def _statement_dated_the_day_its_source_appeared(data):
    statements, sources = CsvFile(data, "statements"), CsvFile(data, "sources")
    published = {row[0]: sources.get(k, "published") for k, row in enumerate(sources.rows)}
    i = first(statements, "source_id", lambda c: len(published[c]) == 10)
    statements.set(i, "date", published[statements.get(i, "source_id")]).save()


def _one_word_quote_that_names_something(data):
    evidence, i = evidence_row(data, lambda quote: "Hun Sen" in quote)
    evidence.set(i, "quote", "Hun Sen").save()


def _archive_reached_through_a_link(data):
    archive = archive_of(data)
    archive.rename(data.parent / "real-archive")
    archive.symlink_to(data.parent / "real-archive")


def _archived_text_in_a_subfolder(data):
    _, _, old = first_source(data)
    (archive_of(data) / "texts").mkdir()
    (archive_of(data) / old).rename(archive_of(data) / "texts" / old)
    move_text(data, f"texts/{old}")


def _foreign_keys_and_id_patterns_dropped_from_intact_data(data):
    package = descriptor(data)
    for table in package["resources"]:
        table["schema"].pop("foreignKeys", None)
        for field in table["schema"]["fields"]:
            constraints = field.get("constraints", {})
            if "slug" in json.dumps(constraints) or constraints.get("pattern", "").startswith("^[a-z0-9]+"):
                constraints.pop("pattern")
    save_descriptor(data, package)


def _amount_with_an_exponent(data):
    penalties = CsvFile(data, "penalties")
    i = first(penalties, "amount", lambda c: c.isdigit() and c.endswith("000"))
    value = penalties.get(i, "amount")
    zeros = len(value) - len(value.rstrip("0"))
    penalties.set(i, "amount", f"{value[:-zeros]}e{zeros}").save()


def _quote_matching_invisible_characters(data):
    """The source and the quote hold the same ZERO WIDTH SPACE."""
    evidence, i = evidence_row(data, lambda quote: len(quote.split()) > 3)
    quote, source_id = evidence.get(i, "quote"), evidence.get(i, "source_id")
    sources = CsvFile(data, "sources")
    path = archive_of(data) / sources.get(sources.index(source_id), "archive_file")
    with_zwsp = quote.replace(" ", " \u200b", 1)
    path.write_text(path.read_text(encoding="utf-8").replace(quote, with_zwsp), encoding="utf-8")
    # the data records the new copy of the text
    sources.set(sources.index(source_id), "archive_sha256", hashlib.sha256(path.read_bytes()).hexdigest()).save()
    for name, column in (("evidence", "quote"), ("statements", "quote")):  # every quote of that passage
        table = CsvFile(data, name)
        for row in table.rows:
            if row[table.header.index("source_id")] == source_id:
                row[table.header.index(column)] = row[table.header.index(column)].replace(quote, with_zwsp)
        table.save()


GOOD = [_url_with_a_query_and_a_fragment, _plain_http_url, _repost_url_given, _stray_link_to_a_device_beside_the_tables,
        _statement_dated_the_day_its_source_appeared, _one_word_quote_that_names_something,
        _archive_reached_through_a_link, _archived_text_in_a_subfolder,
        _foreign_keys_and_id_patterns_dropped_from_intact_data, _amount_with_an_exponent,
        _quote_matching_invisible_characters]


# --- the tests ------------------------------------------------------------------------------------

def run(data: Path, subprocess_: bool, capsys) -> tuple[int, str]:
    if subprocess_:
        result = subprocess.run([sys.executable, "-m", "casebook", "validate", str(data)],
                                capture_output=True, text=True, timeout=60, env=dict(os.environ))
        return result.returncode, result.stdout + result.stderr
    code = main(["validate", str(data)])
    out = capsys.readouterr()
    return code, out.out + out.err


def name(edit) -> str:
    return edit.__name__.strip("_")


def test_the_catalogue_is_as_large_as_promised():
    assert len(BAD) >= 40 and len(GOOD) >= 10
    assert len({name(c) for c in BAD + GOOD}) == len(BAD) + len(GOOD)


@pytest.mark.parametrize("edit", BAD, ids=[name(c) for c in BAD])
def test_hostile_input_is_named(package, capsys, edit):
    expect = edit(package)
    code, output = run(package, edit in AS_SUBPROCESS, capsys)
    assert "Traceback" not in output and "does not handle" not in output, output
    assert code == 1, output
    assert any(expect.matches(line) for line in output.splitlines()), f"expected {expect} in:\n{output}"


@pytest.mark.parametrize("edit", GOOD, ids=[name(c) for c in GOOD])
def test_real_input_passes(package, capsys, edit):
    edit(package)
    code, output = run(package, False, capsys)
    assert "Traceback" not in output, output
    assert code == 0, output
    assert "quotes verified" in output and "rows" in output


def test_nothing_outside_the_archive_is_quoted(package, capsys):
    """A catalogue entry outside the archive is refused, and no quote is verified against it."""
    _catalogue_entry_outside_the_archive(package)
    code, output = run(package, False, capsys)
    assert code == 1 and "quotes verified" not in output


def test_a_long_list_of_problems_says_how_many_were_left_out(package, capsys):
    events = CsvFile(package, "events")
    for k in range(1200):  # copies of the first event under new ids, each with an unknown kind
        copy = list(events.rows[0])
        copy[0] = f"copy-{k}"
        copy[events.header.index("kind")] = f"kind{k}"
        events.rows.append(copy)
    events.save()
    code, output = run(package, False, capsys)
    assert code == 1
    named = [line for line in output.splitlines() if line.startswith("data/events.csv") and "'kind" in line]
    assert len(named) == 1000
    summary = output.splitlines()[-1]
    total = int(summary.split()[0])
    assert total >= 2400  # every copy's kind and its missing evidence: beyond frictionless's 1000 a table
    assert f"the first 1000 are shown, {total - 1000} left out" in summary
    assert main(["validate", "--all", str(package)]) == 1
    assert len([line for line in capsys.readouterr().out.splitlines() if line.startswith("data/")]) == total


def test_row_ids_of_rows_edited_here_are_found(package):
    """The helpers find the rows they say they edit (a guard on the catalogue itself)."""
    expect = _url_javascript(package)
    sources = CsvFile(package, "sources")
    assert expect.row == row_id(package, "sources", sources, 0)
    assert sources.get(0, "url").startswith("javascript:")
    with open(package / "sources.csv", encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle))[1][sources.header.index("url")].startswith("javascript:")


def test_an_unreadable_table_is_one_line(package, capsys, monkeypatch):
    """A table the user may not read (mode 000; simulated, since the tests may run with root's
    privileges) is named in one line, and nothing else in the folder is read first."""
    real_open = Path.open

    def guarded(self, *args, **kwargs):
        if self.name == "events.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    code, output = run(package, False, capsys)
    assert code == 1 and "Traceback" not in output, output
    assert "data/events.csv: cannot be read (Permission denied)" in output.splitlines()
