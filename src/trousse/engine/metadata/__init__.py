"""Trousse's own metadata nouns and their mappings to the standards (no Django)."""

from trousse.engine.metadata.model import LocalizedText

__all__ = ["LocalizedText"]
