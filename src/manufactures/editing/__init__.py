"""Editing: the canonical layout of a record, edits checked before they are written."""
