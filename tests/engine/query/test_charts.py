"""Quick charts computed by DuckDB over every row of a Parquet file made in the test."""

from __future__ import annotations

import datetime as dt
import os

import duckdb
import pytest

from trousse.engine.query import charts
from trousse.engine.query.charts import ChartError, column_chart


@pytest.fixture
def requests_parquet(tmp_path):
    """311-like rows: a category with a long tail, numbers, dates over two months, and empty cells."""
    path = tmp_path / "requests.parquet"
    duckdb.sql(f"""
        COPY (
          SELECT i AS id,
                 CASE WHEN i % 10 = 0 THEN NULL WHEN i % 3 = 0 THEN 'Nids-de-poule' WHEN i % 3 = 1 THEN 'Bruit'
                      ELSE 'cat-' || (i % 40) END AS category,
                 CASE WHEN i = 7 THEN NULL ELSE i * 1.5 END AS amount,
                 CAST(i % 5 AS INTEGER) AS ward,
                 DATE '2024-01-01' + CAST(i % 60 AS INTEGER) AS created,
                 TIMESTAMP '2024-01-01 08:00:00' + to_hours(CAST(i AS INTEGER)) AS seen,
                 i % 2 = 0 AS urgent
          FROM range(1, 1001) t(i)
        ) TO '{path}' (FORMAT parquet)""")
    charts.clear_cache()
    return path


def test_categories_count_every_row_top_n_plus_other(requests_parquet):
    chart = column_chart(requests_parquet, "category", top=3)
    assert chart.kind == "categories" and chart.rows == 1000 and chart.missing == 100
    counts = duckdb.sql(f"SELECT category, count(*) n FROM '{requests_parquet}' WHERE category IS NOT NULL "
                        "GROUP BY ALL ORDER BY n DESC, category").fetchall()
    assert [(b.label, b.count) for b in chart.bars] == counts[:3]
    assert chart.other == sum(n for _, n in counts[3:])
    assert chart.distinct == len(counts)
    assert sum(b.count for b in chart.bars) + chart.other + chart.missing == 1000
    assert chart.largest == counts[0][1]


def test_booleans_are_counted_by_value(requests_parquet):
    chart = column_chart(requests_parquet, "urgent")
    assert chart.kind == "categories"
    assert {b.label: b.count for b in chart.bars} == {"false": 500, "true": 500}
    assert chart.other == 0 and chart.distinct == 2


def test_numbers_get_a_histogram_with_round_bins(requests_parquet):
    chart = column_chart(requests_parquet, "amount", bins=10)
    assert chart.kind == "histogram" and chart.missing == 1
    assert chart.unit == "200"  # 1.5 … 1500 in about 10 round bins
    assert chart.bars[0].start == 0 and chart.bars[-1].end == 1600 and len(chart.bars) == 8
    assert sum(b.count for b in chart.bars) == 999
    # Each bin holds exactly the values in [start, end).
    first = chart.bars[0]
    assert first.count == duckdb.sql(f"SELECT count(*) FROM '{requests_parquet}' WHERE amount < 200").fetchall()[0][0]


def test_integer_histogram_of_few_values_has_one_bar_per_value(requests_parquet):
    chart = column_chart(requests_parquet, "ward")
    assert [b.label for b in chart.bars] == ["0", "1", "2", "3", "4"]
    assert [b.count for b in chart.bars] == [200] * 5


def test_a_number_column_can_be_counted_by_value(requests_parquet):
    chart = column_chart(requests_parquet, "ward", kind="categories")
    assert chart.kind == "categories" and len(chart.bars) == 5


def test_dates_over_two_months_are_counted_per_week_with_empty_weeks(requests_parquet):
    chart = column_chart(requests_parquet, "created")
    assert chart.kind == "timeseries" and chart.unit == "day"  # 60 days: per day
    assert len(chart.bars) == 60 and sum(b.count for b in chart.bars) == 1000
    assert chart.bars[0].start == dt.date(2024, 1, 1) and chart.bars[0].label == "2024-01-01"


def test_timestamps_over_six_weeks_per_day_and_longer_spans_per_week_month_year(tmp_path):
    path = tmp_path / "spans.parquet"
    duckdb.sql(f"""COPY (SELECT DATE '2020-01-01' + CAST(i * 3 AS INTEGER) AS d FROM range(0, 200) t(i)
                         UNION ALL SELECT DATE '2020-03-15') TO '{path}' (FORMAT parquet)""")
    chart = column_chart(path, "d")
    assert chart.unit == "week" and chart.bars[0].label == "2019-12-30"  # ISO weeks start on Monday
    assert sum(b.count for b in chart.bars) == 201
    assert all(b.end - b.start == dt.timedelta(days=7) for b in chart.bars)

    assert charts.time_unit(dt.date(2000, 1, 1), dt.date(2010, 1, 1)) == "month"
    assert charts.time_unit(dt.date(1900, 1, 1), dt.date(2010, 1, 1)) == "year"


def test_centuries_of_dates_are_grouped_by_round_numbers_of_years(tmp_path):
    path = tmp_path / "old.parquet"
    duckdb.sql(f"COPY (SELECT make_date(CAST(1000 + i AS INTEGER), 6, 1) AS d FROM range(0, 1000) t(i)) "
               f"TO '{path}' (FORMAT parquet)")
    chart = column_chart(path, "d")
    assert (chart.unit, chart.years) == ("year", 5) and len(chart.bars) == 200
    assert chart.bars[0].label == "1000–1004" and chart.bars[0].count == 5


def test_timestamps_are_charted_per_day(requests_parquet):
    chart = column_chart(requests_parquet, "seen")
    assert chart.kind == "timeseries" and chart.unit == "day" and sum(b.count for b in chart.bars) == 1000


def test_unknown_column_and_impossible_kind_are_refused(requests_parquet):
    with pytest.raises(ChartError) as info:
        column_chart(requests_parquet, "nope")
    assert info.value.code == "unknown-column"
    with pytest.raises(ChartError) as info:
        column_chart(requests_parquet, "category", kind="histogram")
    assert info.value.code == "bad-kind"


def test_empty_and_all_null_columns_give_empty_charts(tmp_path):
    path = tmp_path / "empty.parquet"
    duckdb.sql(f"COPY (SELECT CAST(NULL AS DOUBLE) AS x, CAST(NULL AS DATE) AS d, CAST(NULL AS VARCHAR) AS s "
               f"FROM range(3)) TO '{path}' (FORMAT parquet)")
    for column in ("x", "d", "s"):
        chart = column_chart(path, column)
        assert chart.bars == [] and chart.missing == 3 and chart.counted == 0


def test_non_finite_numbers_are_counted_as_missing(tmp_path):
    path = tmp_path / "nan.parquet"
    duckdb.sql(f"COPY (SELECT * FROM (VALUES (1.0), ('nan'::DOUBLE), ('inf'::DOUBLE), (2.0)) t(x)) "
               f"TO '{path}' (FORMAT parquet)")
    chart = column_chart(path, "x")
    assert sum(b.count for b in chart.bars) == 2 and chart.missing == 2


def test_answers_are_cached_until_the_file_changes(requests_parquet, monkeypatch):
    first = column_chart(requests_parquet, "category")
    calls = []
    monkeypatch.setattr(charts, "_compute", lambda *a: calls.append(a) or first)
    assert column_chart(requests_parquet, "category") is first and calls == []
    stat = os.stat(requests_parquet)
    os.utime(requests_parquet, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    column_chart(requests_parquet, "category")
    assert len(calls) == 1


def test_to_dict_is_json_ready(requests_parquet):
    data = column_chart(requests_parquet, "created").to_dict()
    assert data["bars"][0] == {"label": "2024-01-01", "count": 16, "start": "2024-01-01", "end": "2024-01-02"}
    assert data["kind"] == "timeseries" and data["rows"] == 1000
