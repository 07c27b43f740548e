"""Validation: diagnostics and their codes, file reading, model errors located, checks."""
