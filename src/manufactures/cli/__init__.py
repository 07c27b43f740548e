"""The `manuf` command line: parse arguments, call the library, render, exit."""
