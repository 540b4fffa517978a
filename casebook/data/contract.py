"""What the library relies on in the data package, whatever `datapackage.json` declares.

The descriptor may gain tables, columns and enum values, and may be edited by hand; the rules here
hold regardless, because the chapters' code depends on them. The validator reports a breach of any
of them with the rule's name.
"""

# Each table the chapters read: its key (how a row is cited) and the columns they read.
TABLES = {
    "sources": ("source_id", "publisher title url published published_basis doc_type archive_file note"),
    "actors": ("actor_id", "name kind alignment description"),
    "affiliations": ("affiliation_id", "actor_id organisation_id role start end"),
    "cases": ("case_id", "title kind status status_as_of chapter summary"),
    "case_parties": ("case_id actor_id role", ""),
    "charges": ("charge_id", "case_id defendant_id charge law"),
    "events": ("event_id", "date date_basis kind case_id actor_id court_level in_absentia summary"),
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
REQUIRED = {"sources": ("published", "archive_file"), "actors": ("name",), "cases": ("kind", "chapter"),
            "events": ("date", "kind", "summary"), "penalties": ("kind",), "statements": ("date", "quote", "stance"),
            "elections": ("date", "kind"), "fx_rates": ("khr_per_usd", "date"), "conflicts": ("record_ids",),
            "evidence": ("record_id", "source_id", "quote")}

# Columns whose every value the library maps to something: a new value needs new code, not only
# a new enum entry in the descriptor. (table, column) -> (the values, the rule's name).
CLOSED = {
    ("penalties", "currency"): (("KHR", "USD"), "a currency needs an exchange rate: riel through fx_rates, or dollars"),
    ("events", "court_level"): (("municipal", "appeal", "supreme", "not_named"),
                                "court levels the chapters and figures name"),
    ("statements", "stance"): (("for_prosecution", "for_defence", "critical_of_process", "neutral"),
                               "stances the case chapters group statements by"),
}

# Columns that make one attributed fact together: where one is filled, so is the other (who made an
# item public, and the source that says so). (table, column) -> (its partner, the rule's name).
PAIRED = {
    ("events", "made_public_by"): ("made_public_according_to", "who made an item public is given with the source that says so"),
    ("events", "made_public_according_to"): ("made_public_by", "who made an item public is given with the source that says so"),
}
