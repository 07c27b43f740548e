"""The version of manuf, at the floor: every layer may say which manuf it is."""

__version__ = "0.1.0"
