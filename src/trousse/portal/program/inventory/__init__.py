"""The data inventory and its priorities (issue #6 §4)."""
