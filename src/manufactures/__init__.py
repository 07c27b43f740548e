"""manufactures: a checked, queryable registry of France's « manufactures de proximité »."""

__version__ = "0.1.0"
