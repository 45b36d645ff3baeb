"""Labels of controlled-vocabulary codes in the page language, for the workspace's pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from trousse.engine.metadata.vocabularies import STATUSES
from trousse.portal.catalog.models import Dataset
from trousse.portal.core.localized import current_language


def vocabulary_label(vocabulary: Any, code: str, lang: str) -> str:
    """Return a code's label in ``lang``; a code from outside the vocabulary (an import) shows as is."""
    return vocabulary.label(code, lang) if code in vocabulary else code


def label_statuses(datasets: Iterable[Dataset]) -> None:
    """Set ``status_label`` on each dataset, in the page language."""
    lang = current_language()
    for dataset in datasets:
        dataset.status_label = STATUSES.label(dataset.status, lang)  # type: ignore[attr-defined]
