"""The survey module's pages, one module per area."""
