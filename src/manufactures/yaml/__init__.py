"""YAML, configured once: the strict reader of records and the round trip of edits."""
