"""Writes of the learning module, one module per area."""
