"""What the library relies on in the data package, whatever `datapackage.json` declares.

The descriptor may gain tables, columns and enum values, and may be edited by hand; the rules here
hold regardless, because the chapters' code depends on them. The validator reports a breach of any
of them with the rule's name.
"""

import re

# Each table the chapters read: its key (how a row is cited) and the columns they read.
TABLES = {
    "sources": ("source_id", "publisher title url published published_basis doc_type archive_file note"),
    "actors": ("actor_id", "name kind alignment description"),
    "affiliations": ("affiliation_id", "actor_id organisation_id role start end"),
    "cases": ("case_id", "title kind status status_as_of chapter summary"),
    "case_parties": ("case_id actor_id role", ""),
    "charges": ("charge_id", "case_id defendant_id charge law"),
    "events": ("event_id", "date date_basis kind case_id actor_id court_level defendant_absent summary"),
    "penalties": ("penalty_id", "case_id event_id defendant_id kind amount currency usd_stated months beneficiary_id"),
    "statements": ("statement_id", "speaker_id date date_basis source_id quote quote_kind case_id medium stance"),
    "fairness": ("fairness_id", "case_id indicator value assessed_by note"),
    "elections": ("election_id", "date kind"),
    "fx_rates": ("rate_id", "khr_per_usd date"),
    "conflicts": ("conflict_id", "topic record_ids description"),
    "evidence": ("record_id source_id quote", ""),
}


def key(table: str) -> list[str]:
    return TABLES[table][0].split()


def columns(table: str) -> list[str]:
    """The key's columns, then the others the chapters read."""
    return key(table) + TABLES[table][1].split()


# Columns read as numbers (converted with pandas, summed, divided): each value must be positive.
POSITIVE = {"penalties": ("amount", "usd_stated", "months"), "fx_rates": ("khr_per_usd",)}

# Columns parsed as ISO 8601 dates or intervals (the library adds their earliest and latest days).
DATES = {"sources": ("published",), "affiliations": ("start", "end"), "cases": ("status_as_of",),
         "events": ("date",), "statements": ("date",), "elections": ("date",), "fx_rates": ("date",)}

# Cells the chapters cannot do without (timelines, conversions, grouping, citation).
REQUIRED = {"sources": ("published", "archive_file", "archive_sha256"), "actors": ("name",),
            "cases": ("kind", "kind_basis", "chapter"),
            "events": ("date", "kind", "summary"), "penalties": ("kind",), "statements": ("date", "quote", "stance"),
            "elections": ("date", "kind"), "fx_rates": ("khr_per_usd", "date"), "conflicts": ("record_ids",),
            "evidence": ("record_id", "source_id", "quote")}

# Columns whose every value the library maps to something: a new value needs new code, not only
# a new enum entry in the descriptor. (table, column) -> (the values, the rule's name).
CLOSED = {
    ("penalties", "currency"): (("KHR", "USD"), "a currency needs an exchange rate: riel through fx_rates, or dollars"),
    ("events", "court_level"): (("municipal", "provincial", "appeal", "supreme", "not_named"),
                                "court levels the chapters and figures name"),
    ("statements", "stance"): (("for_prosecution", "for_defence", "critical_of_process", "neutral"),
                               "stances the case chapters group statements by"),
    ("events", "defendant_absent"): (("yes", "no"), "whether a source says the defendant was absent is yes or no"),
    **{("events", column): (("stated", "relative", "corroborated", "inferred", "assumed"),
                            "the bases of a date's bounds the timing counts sort by")
       for column in ("start_basis", "end_basis")},
    **{(table, column): (("stated", "inferred"), "a classification is stated by the source or worked out")
       for table, column in (("case_parties", "role_basis"), ("penalties", "kind_basis"), ("cases", "kind_basis"),
                             ("events", "actor_basis"))},
    **{("penalties", column): (("about", "approx."), "the qualifiers an amount is shown with")
       for column in ("amount_qualifier", "usd_stated_qualifier")},
    **{(table, column): (("stated", "relative", "corroborated", "inferred"),
                         "the bases the evidence notes explain")
       for table, column in (("events", "date_basis"), ("elections", "date_basis"))},
    # A source's date and a statement's have no bound of their own to mark: the weakest bound names the
    # whole date, an editor's assumption included.
    **{(table, column): (("stated", "relative", "corroborated", "inferred", "assumed"),
                         "the bases the evidence notes explain")
       for table, column in (("sources", "published_basis"), ("statements", "date_basis"))},
}

# Ids are lowercase ASCII slugs, so that a row can be cited (and an id can be part of an address
# or an anchor). Every single-column key is one, and so is every column that refers to a row.
SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_RULE = "ids are lowercase slugs: a-z, 0-9 and single hyphens"

# Columns that name a row of another table (or of their own): (table, column) -> table referred to.
# Held whatever foreign keys the descriptor declares: the chapters join on these.
REFERENCES = {
    ("affiliations", "actor_id"): "actors", ("affiliations", "organisation_id"): "actors",
    ("case_parties", "case_id"): "cases", ("case_parties", "actor_id"): "actors",
    ("charges", "case_id"): "cases", ("charges", "defendant_id"): "actors",
    ("events", "case_id"): "cases", ("events", "actor_id"): "actors", ("events", "part_of"): "events",
    ("penalties", "case_id"): "cases", ("penalties", "event_id"): "events", ("penalties", "defendant_id"): "actors",
    ("statements", "speaker_id"): "actors", ("statements", "source_id"): "sources", ("statements", "case_id"): "cases",
    ("fairness", "case_id"): "cases", ("fairness", "assessed_by"): "actors",
    ("evidence", "source_id"): "sources",
    ("events", "made_public_by"): "actors", ("events", "made_public_according_to"): "sources",
    ("events", "according_to"): "actors",
}
REFERENCE_RULE = "a reference names an existing row"

# Columns whose values the chapters group or count by: the descriptor must keep an enum for each
# (values may be added to it; removing the enum would let any text through).
ENUMERATED = {
    "sources": ("published_basis", "doc_type"), "actors": ("kind", "alignment"), "cases": ("kind", "kind_basis"),
    "case_parties": ("role",), "events": ("date_basis", "kind", "court_level", "defendant_absent"),
    "penalties": ("kind", "currency"), "statements": ("date_basis", "quote_kind", "stance"),
    "fairness": ("value",), "elections": ("kind",), "conflicts": ("kind",),
}

# Addresses the pages link to: only web addresses, whatever the descriptor allows.
WEB_ADDRESSES = {"sources": ("url", "repost_url")}
WEB_ADDRESS_RULE = "a source's address is a web address starting http:// or https://"
_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?", re.ASCII)


def is_web_address(value) -> bool:
    """Is `value` an http(s) address with a host name, in printable ASCII with no space, no angle
    bracket, backtick or backslash? (Quotes may appear: every view escapes an address in an attribute.)

    The one test of an address, used by the validator and again by every view that links to one.
    """
    return isinstance(value, str) and _WEB_ADDRESS.fullmatch(value) is not None and not set(value) & set("<>`\\")


# A case's chapter becomes a page path, a link and a `{doc}` role's target: a path of slugs, the
# name of a page in the book's table of contents (without 'book/' and the extension).
CHAPTER = ("cases", "chapter")
_CHAPTER = re.compile(rf"{SLUG}(?:/{SLUG})*", re.ASCII)
CHAPTER_RULE = "a chapter is a page of the book: slugs joined by '/', such as cases/kem-sokha"


def is_page_name(value) -> bool:
    """Can `value` name a chapter page safely (in a path, a link, a MyST role)?"""
    return isinstance(value, str) and _CHAPTER.fullmatch(value) is not None


# Relations the derivations rely on.
PART_OF_RULE = "an event is part of one act, which is itself part of nothing (no cycle, no chain)"
PENALTY_EVENT_RULE = "a penalty's event is a decision in the same case"
STATEMENT_DATE_RULE = "a statement is not dated after the source that reports it was published"

# Columns that make one attributed fact together: where one is filled, so is the other (who made an
# item public, and the source that says so). (table, column) -> (its partner, the rule's name).
PAIRED = {
    ("events", "made_public_by"): ("made_public_according_to", "who made an item public is given with the source that says so"),
    ("events", "made_public_according_to"): ("made_public_by", "who made an item public is given with the source that says so"),
}
