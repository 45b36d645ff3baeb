"""Each indicator computed from a known catalogue, the daily snapshot, and the Charter principles' scores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from django.utils import timezone, translation

from tests.factories import make_dataset, make_organization
from trousse.portal.catalog import hooks
from trousse.portal.catalog.models import Dataset, Licence, Resource
from trousse.portal.program.indicators import compute, principles, services
from trousse.portal.program.models_indicators import IndicatorSnapshot

pytestmark = pytest.mark.django_db
PUBLISHED = Dataset.Status.PUBLISHED
BILINGUAL = {"title_fr": "Titre", "description_fr": "Description.", "keywords": {"en": ["k"], "fr": ["m"]}}


def _published(org, slug: str, **fields) -> Dataset:  # type: ignore[no-untyped-def]
    return make_dataset(org, slug, status=PUBLISHED, files=(), links=[f"https://example.org/{slug}.csv"], **fields)


@pytest.fixture
def org():  # type: ignore[no-untyped-def]
    return make_organization("parks")


def test_share_under_an_open_licence_counts_published_public_datasets_only(org) -> None:  # type: ignore[no-untyped-def]
    Licence.objects.create(code="all-rights-reserved", title_en="All rights reserved", title_fr="Tous droits réservés",
                           is_open=False, position=99)
    for slug in ("a", "b", "c"):
        _published(org, slug)
    _published(org, "closed", licence="all-rights-reserved")
    make_dataset(org, "draft", files=(), links=["https://example.org/x"])  # not published: not counted
    _published(org, "hidden", access_level="non_public")  # not public: not counted
    values = compute.compute_indicators()
    assert values["published"].value == 4
    assert values["open_licence"] == compute.Measure(75.0, 3, 4)


def test_machine_readable_and_schema_shares_follow_the_five_star_rule(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dataset = _published(org, "mixed")
    first = dataset.resources.get()
    Resource.objects.filter(pk=first.pk).update(format="CSV")
    for position, fmt in enumerate(("PDF", "XLSX", "JSON"), start=1):
        Resource.objects.create(dataset=dataset, kind="link", url=f"https://example.org/{position}", format=fmt,
                                position=position)
    parquet = tmp_path / "t.parquet"
    duckdb.connect().execute(f"COPY (SELECT 1 AS id) TO '{parquet}' (FORMAT PARQUET)")

    def provider(resources):  # type: ignore[no-untyped-def]
        return {first.pk: [_table(first.pk, parquet, {"id": {"title_en": "Identifier"}})]} if any(
            r.pk == first.pk for r in resources) else {}

    hooks.register_table_provider(provider)
    try:
        values = compute.compute_indicators()
    finally:
        hooks.unregister_table_provider(provider)
    # CSV with a schema: 4 stars; JSON: 3; XLSX: 2; PDF: 1.
    assert values["machine_readable"] == compute.Measure(50.0, 2, 4)
    assert values["described_schema"] == compute.Measure(25.0, 1, 4)
    assert values["data_dictionary"] == compute.Measure(100.0, 1, 1)


def _table(resource_id: int, parquet: Path, dictionary):  # type: ignore[no-untyped-def]
    from django.core.files.storage import FileSystemStorage
    from django.db.models.fields.files import FieldFile

    from trousse.portal.catalog.models import ResourceVersion

    file = FieldFile(None, ResourceVersion._meta.get_field("file"), parquet.name)
    file.storage = FileSystemStorage(location=str(parquet.parent))
    return hooks.TableData(resource_id=resource_id, version=1, position=1, name="t", row_count=1, parquet=file,
                           schema={"fields": [{"name": "id", "type": "integer"}]}, dictionary=dictionary,
                           geographic=False, valid=True, processed=timezone.now())


def test_dictionary_share_counts_datasets_with_tables_only() -> None:
    assert compute.has_dictionary([]) is False
    assert compute.has_dictionary([_fake({"a": {"title_en": "", "description_fr": " "}})]) is False
    assert compute.has_dictionary([_fake({"a": {"description_fr": "Identifiant"}})]) is True


def _fake(dictionary):  # type: ignore[no-untyped-def]
    return hooks.TableData(1, 1, 1, "t", 0, None, {"fields": []}, dictionary, False, True, None)  # type: ignore[arg-type]


def test_bilingual_metadata_and_up_to_date_shares(org) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    complete = _published(org, "complete", frequency="monthly", contact_email="a@example.org",
                          spatial_en="Town", spatial_fr="Ville", temporal_start=dt.date(2020, 1, 1), **BILINGUAL,
                          themes=["environment"])
    Resource.objects.filter(dataset=complete).update(name_fr="Lien", description_en="A link.", description_fr="Un lien.")
    late = _published(org, "late", frequency="monthly")
    Dataset.objects.filter(pk=late.pk).update(data_modified=now - dt.timedelta(days=90))
    _published(org, "irregular", frequency="irregular")  # no schedule: left out of the share
    values = compute.compute_indicators(now)
    assert values["bilingual_metadata"] == compute.Measure(33.3, 1, 3)
    assert values["up_to_date"] == compute.Measure(50.0, 1, 2)


def test_downloads_sum_published_datasets(org) -> None:  # type: ignore[no-untyped-def]
    one, two = _published(org, "one"), _published(org, "two")
    Dataset.objects.filter(pk=one.pk).update(download_count=5)
    Dataset.objects.filter(pk=two.pk).update(download_count=7)
    assert compute.compute_indicators()["downloads"].value == 12


def test_an_empty_catalogue_measures_counts_but_no_share() -> None:
    values = compute.compute_indicators()
    assert values == {"published": compute.Measure(0.0), "downloads": compute.Measure(0.0)}


def test_the_snapshot_is_one_row_per_indicator_per_day(org) -> None:  # type: ignore[no-untyped-def]
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    _published(org, "a")
    services.take_snapshot(noon)
    count = IndicatorSnapshot.objects.count()
    _published(org, "b")
    services.take_snapshot(noon)  # the same day: replaced, not added
    assert IndicatorSnapshot.objects.count() == count
    assert IndicatorSnapshot.objects.get(code="published").value == 2
    # Viewing a page refreshes today's row at most once an hour ("taken" is the real clock's time).
    assert services.ensure_today_snapshot(timezone.now()) is False
    assert services.ensure_today_snapshot(timezone.now() + dt.timedelta(minutes=61)) is True
    tomorrow = noon + dt.timedelta(days=1)
    assert services.ensure_today_snapshot(tomorrow) is True
    assert IndicatorSnapshot.objects.filter(code="published").count() in (2, 3)  # today (and the day of +61 min)
    assert IndicatorSnapshot.objects.filter(code="published", day=tomorrow.date()).count() == 1


def test_principle_scores_average_their_indicators_and_unmeasured_ones_have_none() -> None:
    with translation.override("en"):
        _check_scores()


def _check_scores() -> None:
    scores = {s.principle.number: s for s in principles.score_principles({
        "open_licence": 75.0, "up_to_date": 80.0, "bilingual_metadata": 61.0, "machine_readable": 90.0,
        "data_dictionary": 40.0})}
    assert scores[1].score == 75
    assert scores[2].score == round((80 + 61) / 2)
    assert scores[3].score == 90
    assert scores[4].score == 40  # described_schema has nothing to measure: left out of the mean
    assert scores[4].formula == "With a data dictionary"
    assert scores[5].score is None and scores[5].waiting
    assert scores[6].score is None
    assert "÷ 2" in scores[2].formula


def test_the_daily_task_stores_the_snapshot(settings, org) -> None:  # type: ignore[no-untyped-def]
    from trousse.portal.program.indicators import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _published(org, "a")
    assert tasks.enqueue_daily_snapshot() is True
    assert IndicatorSnapshot.objects.get(code="published", day=timezone.localdate()).value == 1
