"""Stage 2, derive: the units of analysis (proceedings, legal steps, sides), election timing and
money, computed from the typed tables. Imports from `casebook.data` only through its frames."""
