"""Accuracy on a generated, labelled corpus (English and French, with hard negatives): recall ≥ 0.95, precision ≥ 0.90.

The full-size run, side by side with Presidio, is bench/privacy_vs_presidio.py (docs/benchmarks.md).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest
from privacy_corpus import CODES, generate, scores

from trousse.engine.privacy.detect import cell_hits_sql, detect, scanned_columns
from trousse.engine.privacy.detectors import DETECTORS

CORPUS = generate(3_000, seed=11)


@pytest.fixture(scope="module")
def predicted() -> list[set[str]]:
    con = duckdb.connect()
    con.register("corpus", pa.table({"text": [c.text for c in CORPUS]}))
    rows = con.sql(cell_hits_sql("corpus", "text")).fetchall()
    return [{d.code for d, hit in zip(DETECTORS, row, strict=True) if hit} for row in rows]


def test_the_corpus_is_bilingual_and_has_hard_negatives() -> None:
    assert {c.lang for c in CORPUS} == {"en", "fr"}
    negatives = [c for c in CORPUS if not c.labels]
    assert len(negatives) > 0.3 * len(CORPUS)
    assert any("info@" in c.text or "311@" in c.text for c in negatives)
    assert all(sum(code in c.labels for c in CORPUS) >= 50 for code in CODES)


@pytest.mark.parametrize("code", CODES)
def test_each_detector_meets_its_target(code: str, predicted: list[set[str]]) -> None:
    result = scores(CORPUS, predicted, (code,))[code]
    assert result["recall"] >= 0.95, result
    assert result["precision"] >= 0.90, result


def test_the_scan_counts_the_same_cells_as_the_sql_definitions(predicted: list[set[str]]) -> None:
    con = duckdb.connect()
    con.register("corpus", pa.table({"text": [c.text for c in CORPUS]}))
    found = {f.detector: f.count for f in detect(con, "corpus", scanned_columns([("text", "VARCHAR")]), len(CORPUS))}
    expected = {code: sum(code in p for p in predicted) for code in CODES}
    assert found == {k: v for k, v in expected.items() if v}
