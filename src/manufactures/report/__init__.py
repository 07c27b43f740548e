"""`manuf report`: the registry as one self-contained HTML page (with a map) or as Markdown."""
