"""The learning module's pages, one module per area."""
