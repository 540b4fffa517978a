"""Stage 1, data: read the package's CSVs, check them against the schema, the contract and the
evidence archive, and type them as pandas frames. Imports nothing from the later stages."""
