"""Views of the toolkit engine, one module per area: catalogue, runs, worksheets."""
