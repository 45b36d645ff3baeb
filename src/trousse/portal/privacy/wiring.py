"""Plug the privacy gate into the catalogue's extension points (called once from apps.ready)."""

from __future__ import annotations


def connect() -> None:
    """Register the gate's stage, hold, access rule, publication check and panels with the catalogue."""
