"""ffcheck: a fact-check and source-consistency validator for numeric claims."""

__version__ = "0.1.0"
