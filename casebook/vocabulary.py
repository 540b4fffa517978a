"""The controlled terms the library reasons with, in one place.

Every code here is a value the data package's schema allows (`data/datapackage.json`, the enum
of the field named in `FIELDS`); tests/test_vocabulary.py holds the two together, so a term
renamed in the data cannot silently drop out of a count. Words for showing a code to a reader
belong to the views; the codes and how they group belong here.
"""

# --- events.kind: the legal steps, by which way they go for the person proceeded against --------
ADVERSE = ["complaint", "lawsuit", "charge", "summons", "warrant", "arrest", "detention", "bail_refused",
           "verdict", "judicial_supervision", "party_dissolved", "political_ban", "licence_revoked"]
FAVOURABLE = ["pardon", "release", "supervision_lifted"]
PROCEDURAL = ["hearing"]
DIRECTION = {**{k: "adverse" for k in ADVERSE}, **{k: "favourable" for k in FAVOURABLE},
             **{k: "procedural" for k in PROCEDURAL}}
# Steps a case chapter counts as decisions, and as arrests (a warrant is the order to arrest).
DECISIONS = ("verdict", "pardon", "bail_refused", "licence_revoked", "party_dissolved")
ARRESTS = ("arrest", "warrant")
# Acts on a phone, online or in the press: what the leaks chapter follows.
DIGITAL = ["leak", "communication", "social_media_post", "publication", "interview"]

# --- case_parties.role: who brings a case ---------------------------------------------------------
BRINGER_ROLES = ["plaintiff", "complainant", "civil_party", "prosecutor"]

# --- events.court_level: the courts, in procedural order -----------------------------------------
COURT_ORDER = {"municipal": 1, "appeal": 2, "supreme": 3}
COURT_NAMES = {"municipal": "Municipal Court", "appeal": "Appeal Court", "supreme": "Supreme Court"}

# --- statements.stance, in the order the chapters show them --------------------------------------
STANCES = ["for_prosecution", "for_defence", "critical_of_process", "neutral"]

# --- conflicts.kind --------------------------------------------------------------------------------
CONFLICT_KINDS = ["parties_dispute", "sources_differ", "source_inconsistent"]

# --- penalties.kind: penalties that carry neither an amount nor a term ---------------------------
UNQUANTIFIED_PENALTIES = {"voting_ban", "office_ban", "apology_ordered"}

# Which schema field each term list draws its codes from: (table, field).
FIELDS = {
    "ADVERSE": ("events", "kind"), "FAVOURABLE": ("events", "kind"), "PROCEDURAL": ("events", "kind"),
    "DIRECTION": ("events", "kind"),
    "DECISIONS": ("events", "kind"), "ARRESTS": ("events", "kind"), "DIGITAL": ("events", "kind"),
    "BRINGER_ROLES": ("case_parties", "role"), "COURT_ORDER": ("events", "court_level"),
    "COURT_NAMES": ("events", "court_level"), "STANCES": ("statements", "stance"),
    "CONFLICT_KINDS": ("conflicts", "kind"), "UNQUANTIFIED_PENALTIES": ("penalties", "kind"),
}
