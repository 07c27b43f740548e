"""Official French reference data shipped with the package, read lazily with the standard library.

`manufactures.referentials.cog`: the code officiel géographique (COG 2026), see NOTICE-COG.md.
"""
