"""Metadata completeness: the score, the missing fields per language, and their labels."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from trousse.engine.metadata.completeness import FIELDS, LANGUAGE_NAMES, assess_completeness, field_label
from trousse.engine.metadata.model import (
    Contact,
    DatasetMeta,
    LocalizedKeywords,
    LocalizedText,
    ResourceMeta,
)


def full_dataset(**changes) -> DatasetMeta:
    """Return a record with every scored field filled in, then ``changes`` applied."""
    meta = DatasetMeta(
        slug="street-trees",
        organization="parks",
        title=LocalizedText("Street trees", "Arbres de rue"),
        description=LocalizedText(
            "Every tree the city maintains.", "Tous les arbres entretenus par la ville."
        ),
        keywords=LocalizedKeywords(en=("trees", "canopy"), fr=("arbres", "canopée")),
        themes=("environment",),
        licence="ogl-municipal",
        contact=Contact(name="Forestry", email="forestry@belle-riviere.ca"),
        spatial=LocalizedText("City of Belle-Rivière", "Ville de Belle-Rivière"),
        temporal_start=dt.date(2010, 1, 1),
        frequency="monthly",
        resources=(
            ResourceMeta(
                name=LocalizedText("Trees (CSV)", "Arbres (CSV)"),
                description=LocalizedText("One row per tree.", "Une ligne par arbre."),
                url="https://example.ca/trees.csv",
                format="CSV",
            ),
        ),
    )
    return dataclasses.replace(meta, **changes)


def test_points_add_up_to_100():
    assert sum(f.points * (2 if f.bilingual else 1) for f in FIELDS.values()) == 100


def test_full_record_scores_100():
    result = assess_completeness(full_dataset())
    assert result.score == 100
    assert result.is_complete
    assert result.missing == ()
    assert result.missing_in("en") == () and result.missing_in("fr") == ()


def test_missing_french_title_is_listed_under_french_only():
    result = assess_completeness(full_dataset(title=LocalizedText("Street trees", "  ")))
    assert result.missing_in("fr") == ("title",)
    assert result.missing_in("en") == ()
    assert result.score == 100 - FIELDS["title"].points


def test_blank_record():
    meta = DatasetMeta(slug="x", organization="o", title=LocalizedText(), description=LocalizedText())
    result = assess_completeness(meta)
    assert set(result.missing) == {"resources", "licence", "themes", "contact.email", "frequency", "temporal"}
    for lang in ("en", "fr"):
        assert set(result.missing_in(lang)) == {"title", "description", "keywords", "spatial"}
    # Only the fields that do not apply earn points: the access reason of a public
    # dataset, and resource names and descriptions when there are no resources.
    assert result.score == 2 * (2 + 2 + 1)


def test_keywords_and_resources_per_language():
    two = (
        ResourceMeta(name=LocalizedText("A", "A"), description=LocalizedText("a", "a")),
        ResourceMeta(name=LocalizedText("B", ""), description=LocalizedText("", "b")),
    )
    result = assess_completeness(
        full_dataset(keywords=LocalizedKeywords(en=("trees",), fr=(" ",)), resources=two)
    )
    assert result.missing_in("fr") == ("keywords", "resources.name")
    assert result.missing_in("en") == ("resources.description",)
    assert result.score == 100 - 4 - 2 - 1


def test_access_reason_is_needed_only_when_access_is_not_public():
    assert "access_reason" not in assess_completeness(full_dataset()).missing_in("en")
    restricted = assess_completeness(full_dataset(access_level="restricted"))
    assert restricted.missing_in("en") == ("access_reason",) == restricted.missing_in("fr")
    explained = full_dataset(
        access_level="non_public",
        access_reason=LocalizedText("Personal information", "Renseignements personnels"),
    )
    assert assess_completeness(explained).score == 100


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"frequency": "unknown"}, "frequency"),
        ({"frequency": ""}, "frequency"),
        ({"licence": ""}, "licence"),
        ({"themes": ()}, "themes"),
        ({"contact": Contact(name="Forestry")}, "contact.email"),
        ({"temporal_start": None, "temporal_end": dt.date(2020, 1, 1)}, "temporal"),
        ({"resources": ()}, "resources"),
    ],
)
def test_language_neutral_gaps(changes, code):
    result = assess_completeness(full_dataset(**changes))
    assert result.missing == (code,)
    assert result.score == 100 - FIELDS[code].points


def test_field_labels_are_bilingual():
    for field in FIELDS.values():
        assert field.label.en.strip() and field.label.fr.strip(), field.code
    assert set(LANGUAGE_NAMES) == {"en", "fr"}


def test_field_label_names_the_language():
    assert field_label("keywords", "fr", "fr") == "Mots-clés (français)"
    assert field_label("keywords", "en", "fr") == "Keywords (French)"
    assert field_label("title", "fr", "en") == "Titre (anglais)"
    assert field_label("licence", "fr") == "Licence"
