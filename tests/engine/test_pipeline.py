"""The whole pipeline on generated files: read, infer, profile, validate, convert."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from trousse.engine import pipeline
from trousse.engine.pipeline import run_pipeline
from trousse.engine.tables import csv_reader
from trousse.engine.tables.schema import load_schema
from trousse.engine.tables.source import Dialect, ReadOptions, StagedTable, TableReadError


def _simple_reader(path: Path, workdir: Path, options: ReadOptions) -> list[StagedTable]:
    """Stage a clean ';' cp1252 CSV the way the readers do (a stand-in that keeps these tests about the pipeline)."""
    workdir.mkdir(parents=True, exist_ok=True)
    text = path.read_bytes().decode("cp1252")
    utf8 = workdir / "src.csv"
    utf8.write_text(text, encoding="utf-8")
    out = workdir / f"{path.stem}.parquet"
    con = duckdb.connect()
    rel = f"read_csv('{utf8}', delim=';', header=true, all_varchar=true)"
    labels = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()]
    con.execute(f"COPY (SELECT *, CAST(row_number() OVER () + 1 AS BIGINT) AS __row FROM {rel}) TO '{out}' (FORMAT parquet)")
    rows = con.execute(f"SELECT count(*) FROM '{out}'").fetchone()[0]
    return [StagedTable(path.stem, out, labels, labels, rows, "CSV",
                        Dialect("cp1252", ";", decimal=",", thousands=""))]


@pytest.fixture(autouse=True)
def simple_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_read", _simple_reader)


def _csv(tmp_path: Path) -> Path:
    lines = ["id;nom;montant;date;actif"]
    for i in range(1, 61):
        lines.append(f"{i};Rivière-du-Loup {i % 3};{i},5;{(i % 28) + 1:02d}/0{(i % 9) + 1}/2021;{'oui' if i % 2 else 'non'}")
    path = tmp_path / "data.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    return path


def test_pipeline_runs_every_stage(tmp_path: Path) -> None:
    src = _csv(tmp_path)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    seen: list[tuple[str, float]] = []
    report = run_pipeline(src, tmp_path / "work", progress=lambda s, f: seen.append((s, f)))
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert [s for s, _ in seen] == ["read", "infer", "profile", "validate", "convert", "done"]
    (table,) = report.tables
    types = {f.name: f.type for f in table.schema.fields}
    assert types == {"id": "integer", "nom": "string", "montant": "number", "date": "date", "actif": "boolean"}
    assert table.schema.get_field("date").format == "%d/%m/%Y"
    assert table.validation.valid and report.valid
    data = pq.read_table(table.parquet)
    assert data.num_rows == 60 and data.column("montant")[0].as_py() == 1.5
    assert data.column("nom")[0].as_py() == "Rivière-du-Loup 1"
    out = report.to_dict()
    assert set(out["timings"]) == {"read", "infer", "profile", "validate", "convert"}
    assert out["tables"][0]["profile"]["row_count"] == 60


def test_pinned_schema_flags_changes(tmp_path: Path) -> None:
    pinned = load_schema({"fields": [
        {"name": "id", "type": "integer", "constraints": {"unique": True}},
        {"name": "name", "type": "string"},
        {"name": "montant", "type": "integer"},
        {"name": "date", "type": "date", "format": "%d/%m/%Y"},
        {"name": "actif", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
        {"name": "gone", "type": "string"},
    ]})
    report = run_pipeline(_csv(tmp_path), tmp_path / "work", schema=pinned)
    (table,) = report.tables
    kinds = {(c.kind, c.field) for c in table.schema_changes}
    assert ("renamed", "name") in kinds and ("retyped", "montant") in kinds and ("removed", "gone") in kinds
    counts = table.validation.counts_by_type()
    assert counts["type-error"] == 60 and counts["incorrect-label"] == 1 and counts["missing-label"] == 1
    assert not report.valid


def test_unreadable_file_raises_and_is_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real readers

    src = tmp_path / "empty.csv"
    src.write_bytes(b"")
    with pytest.raises(TableReadError):
        run_pipeline(src, tmp_path / "work")
    assert src.read_bytes() == b""


def test_a_failing_write_is_raised_and_no_thread_is_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The canonical write runs beside the profile's text statistics and the inference: its error
    # must still reach the caller, after every worker thread has stopped.
    import threading

    def broken(*args: object, **kwargs: object) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(pipeline, "write_canonical_parquet", broken)
    schema = load_schema({"fields": [{"name": n, "type": "string"} for n in ("id", "nom", "montant", "date", "actif")]})
    with pytest.raises(OSError, match="disk full"):
        run_pipeline(_csv(tmp_path), tmp_path / "work", schema=schema)
    assert not [t for t in threading.enumerate() if t.name.startswith(("trousse-infer", "trousse-staging", "trousse-connect",
                                                                     "trousse-profile"))]


def test_small_csv_read_in_memory_gives_the_report_of_the_staged_file(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real readers
    lines = ["id,statut,montant,quand"]
    for i in range(1, 2001):
        statut = "" if i % 97 == 0 else ["ouvert", "fermé", "annulé"][i % 3]
        montant = "12a" if i % 89 == 0 else f"{i % 50}.25"
        lines.append(f"{i - 1 if i % 101 == 0 else i},{statut},{montant},2024-02-{1 + i % 30:02d}")
    src = tmp_path / "data.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    schema = load_schema({"fields": [
        {"name": "id", "type": "integer", "constraints": {"unique": True}},
        {"name": "statut", "type": "string", "constraints": {"required": True, "enum": ["ouvert", "fermé"]}},
        {"name": "montant", "type": "number", "constraints": {"maximum": 40}},
        {"name": "quand", "type": "date"},
    ]})

    def report(work: str) -> dict[str, object]:
        out = run_pipeline(src, tmp_path / work, schema=schema).to_dict()
        del out["timings"]
        for table in out["tables"]:  # type: ignore[union-attr]
            table["parquet"] = Path(table["parquet"]).name
        return out

    memory = report("memory")
    assert not list((tmp_path / "memory" / "staged").glob("data.parquet"))  # read in memory, not staged
    monkeypatch.setattr(csv_reader, "MEMORY_BYTES", 0)
    staged = report("staged")
    assert (tmp_path / "staged" / "staged" / "data.parquet").exists()
    assert memory == staged
    counts = {(p["type"], p.get("field")): p["count"] for p in memory["tables"][0]["validation"]["problems"]}  # type: ignore[index]
    assert counts[("unique-error", "id")] == 19 and counts[("type-error", "montant")] == 22
