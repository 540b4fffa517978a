"""Library behind the casebook: load, validate and derive from the data package."""

from casebook.data.load import DataError, load

__all__ = ["DataError", "load"]
__version__ = "0.3.0"
