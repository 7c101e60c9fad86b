"""Writes of the competence module: profiles (profiles.py), rounds and ratings (rounds.py),
need priorities (needs.py)."""
