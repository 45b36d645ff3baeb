"""Reading text tables into staged Parquet: encodings, dialects, structural problems, bad input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trousse.engine.tables.csv_reader import read_text_table
from trousse.engine.tables.source import ROW_NUMBER, ReadLimits, ReadOptions, StagedTable, TableReadError

ROWS = [
    ["ville", "population", "superficie", "note"],
    ["Rivière-du-Loup", "20118", "84,3", "l’église « Saint-Patrice »"],
    ["Saint-Jérôme", "80213", "90,5", ""],
    ["Lévis", "149683", "449,3", 'dit "la Belle"'],
]


def _csv(
    rows: list[list[str]], delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL, newline: str = "\n"
) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=newline).writerows(rows)
    return out.getvalue()


def _cells(table: StagedTable) -> list[tuple[object, ...]]:
    names = ", ".join(f'"{c}"' for c in table.columns)
    return duckdb.sql(
        f"SELECT {names} FROM read_parquet('{table.parquet}') ORDER BY \"{ROW_NUMBER}\""
    ).fetchall()


def _rows(table: StagedTable) -> list[int]:
    query = f"SELECT \"{ROW_NUMBER}\" FROM read_parquet('{table.parquet}') ORDER BY 1"
    return [r for (r,) in duckdb.sql(query).fetchall()]


def _expected(rows: list[list[str]]) -> list[tuple[object, ...]]:
    return [tuple(cell if cell != "" else None for cell in row) for row in rows]


def _read(tmp_path: Path, content: bytes, name: str = "t.csv", **kwargs: object) -> StagedTable:
    path = tmp_path / name
    path.write_bytes(content)
    return read_text_table(path, tmp_path / "work", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_encoding_and_delimiter(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = ROWS if encoding != "latin-1" else [[c.replace("’", "'") for c in r] for r in ROWS]
    table = _read(tmp_path, _csv(rows, delimiter).encode(encoding))
    assert table.labels == rows[0] and table.columns == rows[0]
    assert _cells(table) == _expected(rows[1:])
    assert table.row_count == 3 and _rows(table) == [2, 3, 4]
    assert table.dialect is not None and table.dialect.delimiter == delimiter
    assert table.problems == []


def test_quebec_file_keeps_raw_cells_and_reports_number_format(tmp_path: Path) -> None:
    rows = [
        ["poste", "montant"],
        ["Déneigement – rues", "1 234,56"],
        ["Parcs", "12 500,00"],
        ["Éclairage", "15,25"],
    ]
    table = _read(tmp_path, _csv(rows, ";", newline="\r\n").encode("cp1252"))
    assert table.dialect is not None
    assert (
        table.dialect.encoding,
        table.dialect.delimiter,
        table.dialect.decimal,
        table.dialect.thousands,
    ) == (
        "cp1252",
        ";",
        ",",
        " ",
    )
    assert _cells(table) == _expected(rows[1:])


def test_tsv_and_txt_formats(tmp_path: Path) -> None:
    assert _read(tmp_path, _csv(ROWS, "\t").encode(), name="t.tsv").source_format == "TSV"
    assert _read(tmp_path, _csv(ROWS, "|").encode(), name="u.txt").source_format == "TXT"
    assert _read(tmp_path, _csv(ROWS, ";").encode(), name="v.csv").source_format == "CSV"


def test_title_lines_above_the_header(tmp_path: Path) -> None:
    content = "Rapport 2024\nVille de Lévis\n\n" + _csv(ROWS, ";")
    table = _read(tmp_path, content.encode())
    assert table.dialect is not None and table.dialect.header_row == 4
    assert table.labels == ROWS[0]
    assert _rows(table) == [5, 6, 7]


def test_options_override_detection(tmp_path: Path) -> None:
    table = _read(tmp_path, _csv(ROWS, ";").encode(), options=ReadOptions(header_row=0, encoding="utf-8"))
    assert table.labels == [] and table.columns == ["field1", "field2", "field3", "field4"]
    assert table.row_count == 4 and _rows(table) == [1, 2, 3, 4]


def test_multiline_cells_are_one_row_each(tmp_path: Path) -> None:
    rows = [["id", "adresse"], ["1", "12 rue Principale\nRivière-du-Loup"], ["2", "Saint-Jérôme"]]
    table = _read(tmp_path, _csv(rows).encode())
    assert _cells(table) == _expected(rows[1:]) and _rows(table) == [2, 3]


# Expected counts and row numbers below were checked with frictionless 5 (`frictionless validate`
# on this exact file, in a separate virtualenv): blank-label 1, duplicate-label 1, blank-row 4
# (rows 3, 6, 10, 11), missing-cell 6 (rows 4 and 9), extra-cell 3 (rows 5 and 12), 12 rows in all.
STRUCTURE = (
    "\n".join(
        [
            "id,nom,,ville,nom",
            "1,Rivière-du-Loup,x,QC,a",
            "",
            "2,Saint-Jérôme,y",
            "3,Lévis,z,QC,b,extra1,",
            ",,,,",
            '4,"Québec, ville",w,QC,c',
            '5,"multi\nligne",v,QC,d',
            "6",
            "",
            "",
            "7,Gatineau,u,QC,e,f",
            "8,,,,",
        ]
    )
    + "\n"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_structural_problems_match_frictionless(tmp_path: Path, newline: str) -> None:
    table = _read(tmp_path, STRUCTURE.replace("\n", newline).encode())
    counts = {p.type: p.count for p in table.problems}
    assert counts == {
        "blank-label": 1,
        "duplicate-label": 1,
        "blank-row": 4,
        "missing-cell": 6,
        "extra-cell": 3,
    }
    examples = {p.type: [(e.row, e.column) for e in p.examples] for p in table.problems}
    assert examples["blank-label"] == [(1, 3)] and examples["duplicate-label"] == [(1, 5)]
    assert examples["blank-row"] == [(3, None), (6, None), (10, None), (11, None)]
    assert examples["missing-cell"] == [(4, 4), (9, 2)]
    assert examples["extra-cell"] == [(5, 6), (12, 6)]
    assert table.columns == ["id", "nom", "field3", "ville", "nom_2"]
    assert table.labels == ["id", "nom", "", "ville", "nom"]
    # Frictionless counts 12 rows; the 4 blank ones are reported, not staged.
    assert table.row_count == 8 and _rows(table) == [2, 4, 5, 7, 8, 9, 12, 13]
    cells = dict(zip(_rows(table), _cells(table), strict=True))
    assert cells[4] == ("2", "Saint-Jérôme", "y", None, None)
    assert cells[8][1] == "multi" + newline + "ligne"


# Each case was run through `frictionless validate` 5 as well; the comments give what it found.
@pytest.mark.parametrize(
    ("content", "problems", "rows"),
    [
        ("a,b\n1,2\n\n", {"blank-row": [(3, None)]}, [2]),  # frictionless: blank-row at row 3
        ("a,b\n1,2\n   \n3,4\n", {"missing-cell": [(3, 2)]}, [2, 3, 4]),  # missing-cell row 3, field 2
        ('a,b\n1,"x\n2,y\n', {}, [2]),  # no error, 1 row (the quote runs to the end)
        ('a,b\n1,12" pipe\n2,y\n', {}, [2, 3]),  # no error, 2 rows
        ("a,b\r1,2\r3,4\r", {}, [2, 3]),  # old Mac line ends
        ("a,b,c\nQ,Q,Q,\n1,2,3\n", {"extra-cell": [(2, 4)]}, [2, 3]),  # extra-cell row 2, field 4 ('')
    ],
)
def test_small_structural_cases_match_frictionless(
    tmp_path: Path, content: str, problems: dict[str, list[tuple[int, int | None]]], rows: list[int]
) -> None:
    table = _read(tmp_path, content.encode())
    assert {p.type: [(e.row, e.column) for e in p.examples] for p in table.problems} == problems
    assert _rows(table) == rows


def test_only_the_parquet_is_left_in_the_workdir(tmp_path: Path) -> None:
    _read(tmp_path, STRUCTURE.encode("utf-16"))
    assert [p.name for p in (tmp_path / "work").iterdir()] == ["t.parquet"]


def test_pinned_encoding_and_quote(tmp_path: Path) -> None:
    content = "nom;note\n'Lévis; QC';a\n'Gaspé; QC';b\n".encode("cp1252")
    table = _read(tmp_path, content, options=ReadOptions(encoding="cp1252", quote_char="'"))
    assert table.dialect is not None and (table.dialect.encoding, table.dialect.quote_char) == ("cp1252", "'")
    assert _cells(table) == [("Lévis; QC", "a"), ("Gaspé; QC", "b")]


def test_mixed_encoding_is_repaired_and_reported(tmp_path: Path) -> None:
    content = (
        "ville,code\nRivière-du-Loup,1\n".encode()
        + "Saint-Jérôme,2\n".encode("cp1252")
        + "Québec,3\n".encode()
    )
    table = _read(tmp_path, content)
    assert [c[0] for c in _cells(table)] == ["Rivière-du-Loup", "Saint-Jérôme", "Québec"]
    [problem] = table.problems
    assert (problem.type, problem.count, [e.row for e in problem.examples]) == ("encoding-error", 2, [3])


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    table = _read(tmp_path, b"ville;population\r\n")
    assert (table.labels, table.row_count, table.problems) == (["ville", "population"], 0, [])


def _raises(code: str, tmp_path: Path, content: bytes, **kwargs: object) -> TableReadError:
    with pytest.raises(TableReadError) as caught:
        _read(tmp_path, content, **kwargs)
    assert caught.value.code == code
    assert caught.value.message.en and caught.value.message.fr
    return caught.value


def test_empty_and_binary_files(tmp_path: Path) -> None:
    _raises("empty-file", tmp_path, b"")
    _raises("not-text", tmp_path, b"PK\x03\x04" + bytes(range(256)) * 10)


def test_line_longer_than_the_limit(tmp_path: Path) -> None:
    content = b"a,b\n" + b"x" * (3 * 1024 * 1024) + b",1\n"
    _raises("line-too-long", tmp_path, content, limits=ReadLimits(max_cell_bytes=1024 * 1024))
    table = _read(tmp_path, content, limits=ReadLimits(max_cell_bytes=8 * 1024 * 1024))
    assert table.row_count == 1


def test_line_longer_than_the_scanner_buffer(tmp_path: Path) -> None:
    # DuckDB silently drops a line longer than its buffer; the byte scan must catch it first.
    content = b"a,b\n" + b"x" * (40 * 1024 * 1024) + b",1\n"
    error = _raises("line-too-long", tmp_path, content)
    assert "41,943,042 bytes" in error.detail


def test_wide_files(tmp_path: Path) -> None:
    labels = [f"c{i}" for i in range(5000)]
    table = _read(tmp_path, _csv([labels, [str(i) for i in range(5000)]]).encode())
    assert len(table.columns) == 5000 and table.row_count == 1
    error = _raises(
        "too-many-columns", tmp_path, _csv([[f"c{i}" for i in range(10_001)], ["1"] * 10_001]).encode()
    )
    assert "10\u00a0001" in error.message.fr


def test_too_large(tmp_path: Path) -> None:
    _raises("too-large", tmp_path, _csv(ROWS).encode(), limits=ReadLimits(max_expanded_bytes=10))


TEXT = st.sampled_from(
    [
        "Rivière-du-Loup",
        "Saint-Jérôme",
        "Québec",
        "rue de l’Église",
        "Île d'Orléans",
        "oui",
        "x, y",
        "",
        "a;b",
    ]
)
NUMBER = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.decimals(-1000, 1000, places=2, allow_nan=False).map(lambda d: str(d).replace(".", ",")),
)


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    width = draw(st.integers(2, 5))
    kinds = [draw(st.sampled_from([TEXT, NUMBER])) for _ in range(width)]
    # A row whose cells are all empty is a blank row, reported rather than staged.
    body = draw(st.lists(st.tuples(*kinds).map(list).filter(lambda r: any(r)), min_size=1, max_size=20))
    return [[f"colonne {i} é" for i in range(width)], *body]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=tables(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_staged_cells_equal_the_originals(
    tmp_path: Path, rows: list[list[str]], delimiter: str, quoting: int, encoding: str, newline: str
) -> None:
    table = _read(tmp_path, _csv(rows, delimiter, quoting, newline).encode(encoding))
    assert table.dialect is not None and table.dialect.delimiter == delimiter
    assert table.columns == rows[0]
    assert _cells(table) == _expected(rows[1:])
    assert _rows(table) == list(range(2, len(rows) + 1))
    assert table.problems == []


CELL = st.sampled_from(["Québec", "", "12,5", "ligne 1\nligne 2", 'dit "oui"', "Saint-Jérôme"])


@st.composite
def messy_lines(draw: st.DrawFn) -> list[list[str] | None]:
    """Draw records (None = an empty line) of 1 to 5 cells for a 3-column header."""
    record = st.lists(CELL, min_size=1, max_size=5)
    return draw(st.lists(st.one_of(record, st.none()), min_size=1, max_size=120))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=messy_lines(), many_blanks=st.booleans())
def test_row_numbers_and_counts_follow_the_records(
    tmp_path: Path, records: list[list[str] | None], many_blanks: bool
) -> None:
    if many_blanks:  # past the inline list of blank positions, into the ASOF join
        records = [r for record in records for r in (record, None)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["a", "b", "c"])
    for record in records:
        out.write("\n") if record is None else writer.writerow(record)
    table = _read(tmp_path, out.getvalue().encode())
    # The oracle: Python's csv module yields one list per record ([] for an empty line).
    parsed = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    numbered = list(enumerate(parsed, start=2))
    staged = [(n, r) for n, r in numbered if any(r)]
    assert _rows(table) == [n for n, _ in staged]
    counts = {p.type: p.count for p in table.problems}
    assert counts.get("blank-row", 0) == len(numbered) - len(staged)
    assert counts.get("missing-cell", 0) == sum(max(0, 3 - len(r)) for _, r in staged)
    assert counts.get("extra-cell", 0) == sum(max(0, len(r) - 3) for _, r in staged)
    assert _cells(table) == [tuple((r + [""] * 3)[i] or None for i in range(3)) for _, r in staged]
