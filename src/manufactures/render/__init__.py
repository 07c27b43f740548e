"""Renderers: each output format is one entry of a mapping from its name to a function."""
