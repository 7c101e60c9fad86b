"""The key-figure pages, one module per area (the importer's pages live in imports/)."""
