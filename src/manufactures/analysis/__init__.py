"""Analysis: selecting records, announced figures, aggregates, coverage, changes."""
