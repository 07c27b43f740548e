"""Presentation: command results as tables, French number formats and labels."""
