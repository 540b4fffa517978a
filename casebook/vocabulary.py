"""The controlled terms the library reasons with, in one place.

Every code here is a value the data package's schema allows (`data/datapackage.json`, the enum
of the field named in `FIELDS`); tests/test_layout.py holds the two together, so a term renamed
in the data cannot silently drop out of a count. The words a reader sees for a code live here
too (the `*_WORDS` maps and the functions at the end), one wording per code: the views and
figures take them from this module and from nowhere else.
"""

# --- events.kind: the legal steps, by which way they go for the person proceeded against --------
ADVERSE = ["complaint", "lawsuit", "charge", "summons", "warrant", "arrest", "detention", "bail_refused",
           "verdict", "judicial_supervision", "party_dissolved", "political_ban", "licence_revoked"]
FAVOURABLE = ["pardon", "release", "supervision_lifted"]
PROCEDURAL = ["questioning", "hearing", "appeal_lodged"]
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
# 'not_named': a source says a court or judge acted without naming which (ranked below every named
# court, so that a named court is the highest reached wherever there is one).
# A municipal court (Phnom Penh's) and a provincial court are both courts of first instance.
COURT_ORDER = {"not_named": 0, "municipal": 1, "provincial": 1, "appeal": 2, "supreme": 3}
COURT_NAMES = {"municipal": "Municipal Court", "provincial": "Provincial Court", "appeal": "Appeal Court",
               "supreme": "Supreme Court", "not_named": "court not named"}
# The same courts inside a sentence ("acted by the appeal court").
COURT_WORDS = {level: name if level == "not_named" else name.lower() for level, name in COURT_NAMES.items()}
# actors.csv's stand-in for a court or judge a source mentions without naming it, as a sentence names it.
UNNAMED_COURT = "court-unspecified"
UNNAMED_COURT_WORDS = "a court or courts the source does not name"

# --- how a value is known: events.date_basis, start_basis, end_basis; *_basis of a classification ---
# Each code belongs to one of four kinds of certainty. Counts of what certainly happened use only a
# value stated by the source or worked out from its words; a bound from outside the archive is
# shown as such, and an editor's assumption may widen a range but never narrows a count.
CERTAINTY = {"stated": "stated", "relative": "worked_out", "inferred": "worked_out",
             "corroborated": "outside", "assumed": "assumed"}
_kind_words = {"stated": "stated by the source", "worked_out": "worked out from the source's words",
               "outside": "from a public source outside the archive", "assumed": "assumed by the editor"}
BASIS_WORDS = {code: _kind_words[kind] for code, kind in CERTAINTY.items()}
# The mark beside a value that is not printed in the source, by its kind of certainty: in the evidence
# markers, and beside a classification (a case's kind, a party's role, who acted) the book works out.
_marks = {"worked_out": "worked out", "outside": "outside source", "assumed": "assumed"}
WORKED_OUT_MARK = _marks["worked_out"]


def certainty_marks() -> dict[str, str]:
    """Kind of certainty (other than 'stated') -> (the mark beside its value, the words for it)."""
    return {kind: (mark, _kind_words[kind]) for kind, mark in _marks.items()}

# --- case_parties.role: what each party did, in a reader's words -----------------------------------
ROLE_WORDS = {"plaintiff": "plaintiff", "complainant": "complainant", "civil_party": "civil party",
              "prosecutor": "prosecutor", "defendant": "defendant", "judge": "court",
              "defence_counsel": "defence lawyer", "plaintiff_counsel": "plaintiff's lawyer",
              "beneficiary": "to receive a payment"}

# --- actors.kind and actors.alignment ---------------------------------------------------------------
ACTOR_KIND_WORDS = {"person": "person", "political_party": "political party", "state_body": "state body",
                    "court": "court", "ngo": "NGO", "media": "news outlet or page",
                    "international_body": "international body", "company": "company"}
ALIGNMENT_WORDS = {"government": "government", "ruling_party": "ruling party", "opposition": "opposition",
                   "judiciary": "judiciary", "civil_society": "civil society", "media": "media",
                   "international": "international", "other": "other"}

# --- statements.stance, in the order the chapters show them --------------------------------------
STANCES = ["for_prosecution", "for_defence", "critical_of_process", "neutral"]
STANCE_WORDS = {"for_prosecution": "for the plaintiff or prosecution", "for_defence": "for the defendant",
                "critical_of_process": "critical of the process", "neutral": "neither side"}
# The same stances about a matter that is not a proceeding (a leak, a law).
CONTEXT_STANCE_WORDS = {"for_prosecution": "for the government's or ruling party's position",
                        "for_defence": "for the opposition's position",
                        "critical_of_process": "critical of how the matter was handled", "neutral": "neither side"}

# --- conflicts.kind and conflicts.topic --------------------------------------------------------------
CONFLICT_KINDS = ["parties_dispute", "sources_differ", "source_inconsistent"]
CONFLICT_KIND_WORDS = {"parties_dispute": "a disagreement a source reports",
                       "sources_differ": "sources differ",
                       "source_inconsistent": "a source contradicts itself"}
TOPIC_WORDS = {"claim": "what is claimed", "fact": "what happened", "date": "when", "name": "a name",
               "count": "how many", "amount": "a sum", "recipient": "who receives", "law": "which law"}

# --- penalties.kind: penalties that carry neither an amount nor a term ---------------------------
UNQUANTIFIED_PENALTIES = {"voting_ban", "office_ban", "apology_ordered"}

# Which schema field each term list draws its codes from: (table, field).
FIELDS = {
    "CERTAINTY": ("events", "start_basis"), "BASIS_WORDS": ("events", "start_basis"),
    "ROLE_WORDS": ("case_parties", "role"), "STANCE_WORDS": ("statements", "stance"),
    "CONTEXT_STANCE_WORDS": ("statements", "stance"), "CONFLICT_KIND_WORDS": ("conflicts", "kind"),
    "TOPIC_WORDS": ("conflicts", "topic"), "ACTOR_KIND_WORDS": ("actors", "kind"),
    "ALIGNMENT_WORDS": ("actors", "alignment"),
    "ADVERSE": ("events", "kind"), "FAVOURABLE": ("events", "kind"), "PROCEDURAL": ("events", "kind"),
    "DIRECTION": ("events", "kind"),
    "DECISIONS": ("events", "kind"), "ARRESTS": ("events", "kind"), "DIGITAL": ("events", "kind"),
    "BRINGER_ROLES": ("case_parties", "role"), "COURT_ORDER": ("events", "court_level"),
    "COURT_NAMES": ("events", "court_level"), "COURT_WORDS": ("events", "court_level"), "STANCES": ("statements", "stance"),
    "CONFLICT_KINDS": ("conflicts", "kind"), "UNQUANTIFIED_PENALTIES": ("penalties", "kind"),
}


# --- words for codes that need more than a lookup ---------------------------------------------------

def certainty(code) -> str:
    """The kind of certainty of a basis code ('stated' for a blank: a value the source gives)."""
    return CERTAINTY.get(code, "stated") if isinstance(code, str) and code else "stated"


def certainty_mark(code) -> str:
    """The mark beside a value of this basis ('worked out', 'outside source', 'assumed'; '' where stated)."""
    return _marks.get(certainty(code), "")


def counts_as_certain(code) -> bool:
    """Whether a value with this basis may enter a count of what certainly happened: only a value
    stated by the source or worked out from its words."""
    return certainty(code) in ("stated", "worked_out")


def role_words(role: str, actor_kind: str | None = None, case_kind: str | None = None) -> str:
    """What a party did, in a reader's words: a deciding body that is not a court is a 'deciding
    body', and the defendant of an administrative decision is its 'subject'."""
    if role == "judge" and actor_kind not in (None, "court"):
        return "deciding body"
    if role == "defendant" and case_kind == "administrative":
        return "subject of the decision"
    return ROLE_WORDS.get(role, role.replace("_", " "))


def qualified(text: str, qualifier) -> str:
    """A value with the source's qualifier before it: 'about $200,000'."""
    return f"{qualifier} {text}" if isinstance(qualifier, str) and qualifier else text


def claim_words(indicator_words: str, value: str, assessor: str, assessor_kind=None, reporters=()) -> str:
    """A due-process claim in a line: 'bail refused: yes, according to X'; a court's claim is its
    ruling ('ruled by ...'), with who reports it where that is someone else ('as the ICJ reports')."""
    if assessor_kind != "court":
        return f"{indicator_words}: {value}, according to {assessor}"
    others = [r for r in dict.fromkeys(reporters) if r and r != assessor]
    reported = f", as {' and '.join(others)} reports" if others else ""
    return f"{indicator_words}: {value}, ruled by {assessor}{reported}"
