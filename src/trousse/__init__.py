"""Trousse: an open data program in a box for municipal governments."""

__version__ = "0.1.0"
