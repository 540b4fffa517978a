"""What each chapter offers for download, made from the data alone: its figures, the tables it shows
and the rows of the data package it draws on.

One function per chapter, in a registry by page name (`files`). A chapter's notebook calls the
same function to show its figure, and the book's build calls it to write the chapter's zip
(casebook.render.downloads, from casebook.render.site), so each figure has one definition. Every
case chapter (a `chapter` of cases.csv) has the same files, from its CaseFile (`case_files`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from casebook.views import figures, patterns
from casebook.views.cases import CaseFile
from casebook.views.common import with_schedule


@dataclass
class ChapterFiles:
    """A chapter's downloads: figures (name -> chart), the tables it shows as it shows them
    (name -> frame), and the package rows it uses (resource name -> rows, with their key columns)."""

    figures: dict = field(default_factory=dict)
    shown: dict[str, pd.DataFrame] = field(default_factory=dict)
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)


REGISTRY: dict[str, Callable[[object], ChapterFiles]] = {}


def chapter(page: str):
    """Register the function that makes the files of the chapter `page` (e.g. 'patterns/timing')."""
    def register(function):
        REGISTRY[page] = function
        return function
    return register


def case_chapters(data) -> list[str]:
    """The chapters cases.csv names, in the order it names them."""
    return list(dict.fromkeys(data["cases"]["chapter"].dropna()))


def pages(data) -> list[str]:
    """Every chapter that offers files: the registered ones, then the case chapters."""
    return [*REGISTRY, *(page for page in case_chapters(data) if page not in REGISTRY)]


def files(page: str, data) -> ChapterFiles:
    """The files of the chapter `page`."""
    if page in REGISTRY:
        return REGISTRY[page](data)
    if page in case_chapters(data):
        return case_files(CaseFile(data, page))
    raise KeyError(f"no chapter '{page}' offers files: register one in {__name__}, or name it in cases.csv")


def case_files(case: CaseFile) -> ChapterFiles:
    """A case chapter's timeline, and the rows its cases use, with the elections its timeline marks
    and the exchange rates its dollar amounts come from."""
    rows = case.rows()
    rows["elections"], rows["fx_rates"] = case.data["elections"], case.data["fx_rates"]
    return ChapterFiles(figures={"timeline": case.timeline()}, rows=rows)


@chapter("patterns/timing")
def timing(data) -> ChapterFiles:
    table = patterns.election_timing(data)
    figure = figures.election_calendar(
        table, with_schedule(data.elections, data.sources),
        "Source: casebook data, events.csv and elections.csv; spans are imprecise dates.",
        windows=patterns.timing_windows(data))
    shown = table[["Case", "Step", "Date", "In the year before an election", "In the year after one",
                   "Next election", "Days before it", "Sources", "event_id"]]
    return ChapterFiles({"timing": figure}, {"steps": shown}, {"elections": data.elections})


@chapter("patterns/money")
def money(data) -> ChapterFiles:
    table = patterns.money_table(data)
    figure = figures.money_chart(table, "Source: casebook data, penalties.csv and fx_rates.csv.")
    return ChapterFiles({"money": figure}, {"penalties": table.drop(columns=["kind", "kind_basis", "kind_as_stated"])},
                        {"fx_rates": data.fx_rates})


@chapter("patterns/who-sues-whom")
def who_sues_whom(data) -> ChapterFiles:
    figure = figures.suit_network(patterns.suit_edges(data), "Source: casebook data, case_parties.csv and cases.csv.",
                                  not_drawn=patterns.parties_findings(data)["without_bringer"])
    return ChapterFiles({"who-sues-whom": figure}, {"parties": patterns.parties_table(data)})


@chapter("patterns/due-process")
def due_process(data) -> ChapterFiles:
    figure = figures.indicator_matrix(patterns.fairness_values(data), data.cases.set_index("case_id")["title"].to_dict(),
                                      "Source: casebook data, fairness.csv.")
    return ChapterFiles({"due-process": figure},
                        {"cells": patterns.due_process_cells(data), "by-source": patterns.claims_by_source(data)})


@chapter("patterns/leaks")
def leaks(data) -> ChapterFiles:
    table = patterns.digital_events(data)
    figure = figures.timeline(patterns.digital_timeline(data, table), with_schedule(data.elections, data.sources),
                              "Source: casebook data, events.csv; spans are imprecise dates.")
    return ChapterFiles({"leaks": figure}, {"items": table}, {"elections": data.elections})


@chapter("patterns/apology")
def apology(data) -> ChapterFiles:
    said = patterns.apology_statements(data)
    figure = figures.stacked_bars(patterns.apology_by_stance(said), "statements about apology or forgiveness",
                                  "Source: casebook data, statements.csv.")
    return ChapterFiles({"apology": figure}, {"events": patterns.apology_events(data), "statements": said})


@chapter("patterns/voices")
def voices(data) -> ChapterFiles:
    counts = patterns.voices_by_source_name(data)
    figure = figures.stacked_bars(counts, "statements", "Source: casebook data, statements.csv.")
    return ChapterFiles({"voices": figure}, {"speakers": patterns.speakers(data), "by-source": counts.reset_index()})


@chapter("patterns/conflicts")
def conflicts(data) -> ChapterFiles:
    figure = figures.stacked_bars(patterns.conflicts_by_kind(data), "conflicts", "Source: casebook data, conflicts.csv.")
    return ChapterFiles({"conflicts": figure}, {"versions": patterns.conflicts_side_by_side(data)})
