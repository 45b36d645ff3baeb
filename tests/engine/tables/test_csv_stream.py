"""The reader's fast path (Arrow's streaming CSV reader): when it applies, and that it stages what the DuckDB path does."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from trousse.engine.tables import csv_reader, csv_stream
from trousse.engine.tables.csv_reader import read_text_table
from trousse.engine.tables.source import ROW_NUMBER, ReadLimits, StagedTable, sample_rows_sql
from trousse.engine.tables.sql import ident


def _staged(table: StagedTable) -> list[tuple[object, ...]]:
    names = ", ".join(f'"{c}"' for c in table.columns)
    query = f"SELECT \"{ROW_NUMBER}\", {names} FROM read_parquet('{table.parquet}') ORDER BY 1"
    return duckdb.sql(query).fetchall()


def _both_paths(tmp_path: Path, content: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[StagedTable, StagedTable, bool]:
    """Read ``content`` as usual, then with the fast path turned off; say whether the fast path took it."""
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    calls: list[int | None] = []
    real = csv_stream.stage_stream

    def spy(*args: object) -> int | None:
        calls.append(real(*args))  # type: ignore[arg-type]
        return calls[-1]

    monkeypatch.setattr(csv_reader, "stage_stream", spy)
    usual = read_text_table(path, tmp_path / "usual")
    monkeypatch.setattr(csv_reader, "stage_stream", lambda *args: None)
    slow = read_text_table(path, tmp_path / "slow")
    return usual, slow, bool(calls) and calls[0] is not None


@pytest.mark.parametrize(
    ("content", "fast", "rows"),
    [
        ("id,nom\n1,Lévis\n2,Québec\n", True, [2, 3]),
        ("\ufeffid,nom\r\n1,Lévis\r\n2,Québec\r\n", True, [2, 3]),  # BOM and CRLF
        ('id,nom\n1,"12 rue Principale\nRivière-du-Loup"\n2,"dit ""oui"""\n3,x\n', True, [2, 3, 4]),  # records, not lines
        ("Rapport 2024\n\nid,nom\n1,a\n2,b\n", True, [4, 5]),  # title lines above the header
        ("id,nom\n1,a\n2,\n3,\"\"\n", True, [2, 3, 4]),  # empty cells, quoted or not, are NULL
        ("id,nom\n1,a\n\n2,b\n", False, [2, 4]),  # a blank line: reported, so the DuckDB path
        ("id,nom\n1,a\n2,b\n\n\n", False, [2, 3]),  # blank lines at the end
        ("id,nom\n1,a,\n2,b,\n", False, [2, 3]),  # lines ending with the delimiter (extra cells)
        ("id,nom\n1\n2,b\n", False, [2, 3]),  # a missing cell
        ("id\n1\n\n2\n", False, [2, 4]),  # one column: a blank line reads as a NULL cell
    ],
)
def test_fast_path_stages_what_the_duckdb_path_stages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, fast: bool, rows: list[int]
) -> None:
    usual, slow, took_fast = _both_paths(tmp_path, content.encode(), monkeypatch)
    assert took_fast == fast
    assert _staged(usual) == _staged(slow) and [r[0] for r in _staged(usual)] == rows
    assert (usual.row_count, usual.problems, usual.dialect, usual.labels) == (
        slow.row_count, slow.problems, slow.dialect, slow.labels)


def test_invalid_utf8_takes_the_full_scan_and_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = "ville,code\nRivière-du-Loup,1\n".encode() + "Saint-Jérôme,2\n".encode("cp1252")
    usual, slow, took_fast = _both_paths(tmp_path, content, monkeypatch)
    assert not took_fast and usual.dialect is not None and usual.dialect.encoding == "utf-8"
    assert [p.type for p in usual.problems] == ["encoding-error"] and _staged(usual) == _staged(slow)


def test_invalid_utf8_in_the_header_is_not_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = b"ville,r" + "é".encode("cp1252") + "gion\nLévis,QC\n".encode()
    usual, slow, took_fast = _both_paths(tmp_path, content, monkeypatch)
    assert not took_fast and usual.labels == slow.labels == ["ville", "région"]


def test_record_longer_than_the_block_goes_the_duckdb_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_stream, "MIN_BLOCK_BYTES", 64)
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1," + b"x" * 500 + b"\n2,y\n")
    plan = csv_stream.StreamPlan(path, 4, ",", '"', 1, 128)
    assert csv_stream.stage_stream(plan, ["a", "b"], tmp_path / "out.parquet") is None
    assert not list(tmp_path.glob("*.parquet*"))
    table = read_text_table(path, tmp_path / "work", limits=ReadLimits(max_cell_bytes=1024 * 1024))
    assert table.row_count == 2


def test_row_numbers_continue_across_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_stream, "MIN_BLOCK_BYTES", 64)
    monkeypatch.setattr(csv_stream, "BLOCK_BYTES", 256)
    lines = [f"{i},ligne {i}" for i in range(1, 301)]
    path = tmp_path / "t.csv"
    path.write_text("id,texte\n" + "\n".join(lines) + "\n", encoding="utf-8")
    plan = csv_stream.StreamPlan(path, len("id,texte\n"), ",", '"', 1, 1024)
    staged = csv_stream.stage_stream(plan, ["id", "texte"], tmp_path / "out.parquet")
    assert staged is not None and staged.rows == 300
    found = duckdb.sql(f"SELECT \"{ROW_NUMBER}\", id FROM read_parquet('{tmp_path / 'out.parquet'}') ORDER BY 1").fetchall()
    assert found == [(i + 1, str(i)) for i in range(1, 301)]


def test_sample_and_cell_statistics_are_taken_as_the_rows_go_by(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csv_stream, "MIN_BLOCK_BYTES", 64)
    monkeypatch.setattr(csv_stream, "BLOCK_BYTES", 512)
    monkeypatch.setattr(csv_stream, "SAMPLE_ROWS", 40)
    lines = [f"{i},{'' if i % 7 == 0 else 'Rivière ' * (i % 4) + str(i)},{'Z' if i % 2 else 'é'}" for i in range(1, 1001)]
    path = tmp_path / "t.csv"
    path.write_text("id,texte,c\n" + "\n".join(lines) + "\n", encoding="utf-8")
    plan = csv_stream.StreamPlan(path, len("id,texte,c\n"), ",", '"', 1, 1024)
    staged = csv_stream.stage_stream(plan, ["id", "texte", "c"], tmp_path / "out.parquet")
    assert staged is not None and staged.rows == 1000
    # The sample: about SAMPLE_ROWS rows spread over the whole file, the rows sample_rows_sql keeps.
    rows = [r[0] for r in duckdb.sql(f"SELECT \"{ROW_NUMBER}\" FROM read_parquet('{staged.sample}') ORDER BY 1").fetchall()]
    assert 20 <= len(rows) <= 80 and rows[0] < 100 and rows[-1] > 900
    kept = {stride: [r[0] for r in duckdb.sql(
        f"SELECT \"{ROW_NUMBER}\" FROM read_parquet('{tmp_path / 'out.parquet'}') "
        f"WHERE {sample_rows_sql(ident(ROW_NUMBER), stride)} ORDER BY 1").fetchall()] for stride in range(2, 60)}
    assert rows in kept.values()
    # The cell statistics: what DuckDB finds in the staged file.
    for j, name in enumerate(["id", "texte", "c"]):
        expected = duckdb.sql(f"SELECT count({name}), min(length({name})), max(length({name})), sum(length({name})) "
                              f"FROM read_parquet('{tmp_path / 'out.parquet'}')").fetchall()[0]
        got = staged.text_stats[j]
        assert (got.count, got.length_min, got.length_max, got.length_sum) == expected


@pytest.mark.parametrize(
    "content",
    [
        "id,nom\n1,Lévis\n2,Québec\n",
        "\ufeffid,nom\r\n" + "".join(f'{i},"ligne {i}\nsuite"\r\n' for i in range(1, 400)),  # records over blocks
        "Rapport 2024\n\nid,nom,c\n" + "".join(f"{i},{'' if i % 5 == 0 else 'Rivière ' * (i % 3)},é\n" for i in range(1, 900)),
        "id,nom\n1,a\n\n2,b\n",  # a blank line: neither fast path takes it
        "id,nom\n1,a,\n2,b,\n",  # extra cells: neither
    ],
)
def test_memory_path_reads_what_the_streaming_path_stages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         content: str) -> None:
    # Small blocks, so that the files span several of them (row numbers, samples and statistics
    # must carry across blocks as they do in the streaming reader).
    monkeypatch.setattr(csv_stream, "MIN_BLOCK_BYTES", 64)
    monkeypatch.setattr(csv_stream, "BLOCK_BYTES", 1024)
    monkeypatch.setattr(csv_stream, "SAMPLE_ROWS", 40)
    path = tmp_path / "t.csv"
    path.write_bytes(content.encode())
    streamed = read_text_table(path, tmp_path / "streamed")
    memory = read_text_table(path, tmp_path / "memory", in_memory=True)
    assert (memory.row_count, memory.problems, memory.dialect, memory.labels, memory.text_stats) == (
        streamed.row_count, streamed.problems, streamed.dialect, streamed.labels, streamed.text_stats)
    if memory.arrow is None:  # the DuckDB path staged it, as before
        assert streamed.sample is None and _staged(memory) == _staged(streamed)
        return
    assert not memory.parquet.exists()  # not written: the stages read the cells in memory
    assert memory.arrow.column_names == [*streamed.columns, ROW_NUMBER]
    in_memory = sorted(zip(*(memory.arrow.column(c).to_pylist() for c in [ROW_NUMBER, *memory.columns]), strict=True))
    assert in_memory == _staged(streamed)
    sample = f"SELECT * FROM read_parquet('{{}}') ORDER BY \"{ROW_NUMBER}\""
    assert duckdb.sql(sample.format(memory.sample)).fetchall() == duckdb.sql(sample.format(streamed.sample)).fetchall()
    assert memory.persist() == memory.parquet and _staged(memory) == _staged(streamed)


def test_memory_path_is_for_small_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,nom\n1,Lévis\n2,Québec\n", encoding="utf-8")
    monkeypatch.setattr(csv_reader, "MEMORY_BYTES", 10)
    table = read_text_table(path, tmp_path / "work", in_memory=True)
    assert table.arrow is None and table.parquet.exists() and table.row_count == 2
