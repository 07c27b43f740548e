"""One module per command: its docstring is its help, `EXAMPLES` its epilog."""
