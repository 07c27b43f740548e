"""`python -m manufactures` runs the `manuf` command line."""

from manufactures.cli.app import main

main()
