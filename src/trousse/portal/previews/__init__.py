"""Previews on the resource page: table, map and quick chart of a processed table (issue #4)."""
