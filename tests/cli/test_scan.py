"""`trousse scan FILE`: the privacy screen with no site, its text and JSON reports, its exit status."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import xlsxwriter
from click.testing import CliRunner

from trousse.cli.main import cli
from trousse.engine.privacy.report import report_schema


def scan(*args: str, **env: str) -> tuple[int, str, str]:
    """Run `trousse scan ARGS` in-process; return (exit status, stdout, stderr)."""
    environ: dict[str, str | None] = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, **env}
    result = CliRunner(env=environ).invoke(cli, ["scan", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_file_exits_0(tmp_path: Path) -> None:
    csv = write(tmp_path / "parks.csv", "park,area_ha,contact\nParc Laurier,12.5,info@gatineau.ca\nMooney's Bay,40,311@ottawa.ca\n")
    code, out, _ = scan(str(csv))
    assert code == 0 and "Nothing found" in out and "No personal information detected." in out


def test_personal_information_exits_1_with_masked_examples(tmp_path: Path) -> None:
    csv = write(tmp_path / "plaintes.csv", "id,plaignant,description\n"
                "1,Jean Tremblay,Rappeler au 613-555-0199\n2,Marie Roy,Nid-de-poule\n")
    code, out, _ = scan(str(csv))
    assert code == 1 and "Personal information or risk found" in out
    assert "plaignant *" in out and "Person's name" in out and "Phone number" in out
    assert "613-555-0199" not in out and "Tremblay" not in out and "•••-•••-••••" in out


def test_french_locale(tmp_path: Path) -> None:
    csv = write(tmp_path / "c.csv", "courriel\njean.roy@gmail.com\n")
    code, out, _ = scan(str(csv), LANG="fr_CA.UTF-8")
    assert code == 1 and "Adresse courriel" in out and "Renseignements personnels" in out


def test_json_report_follows_the_schema(tmp_path: Path) -> None:
    csv = write(tmp_path / "clients.csv", "code_postal,age,sexe,motif\nK1A 0B1,34,F,a\nK1A 0B1,34,F,b\nK2P 1L4,71,M,a\n")
    code, out, _ = scan(str(csv), "--json", "--sensitive", "motif", "--k", "2")
    data = json.loads(out)
    assert code == 1 and data["status"] == "findings"
    (table,) = data["tables"]
    jsonschema.validate(table, report_schema())
    assert table["risk"]["quasi_identifiers"] == ["code_postal", "age", "sexe"]
    assert table["risk"]["k"] == 1 and table["risk"]["l"] == 1 and table["risk"]["k_threshold"] == 2


def test_quasi_identifiers_given_on_the_command_line(tmp_path: Path) -> None:
    rows = "".join(f"{i % 2},{'F' if i % 4 < 2 else 'M'}\n" for i in range(20))
    csv = write(tmp_path / "t.csv", "ward,gender\n" + rows)
    code, out, _ = scan(str(csv), "--quasi", "ward,gender")
    assert code == 0 and "at least 5 rows (k = 5" in out


def test_a_missing_quasi_column_exits_2_with_a_clear_reason(tmp_path: Path) -> None:
    csv = write(tmp_path / "t.csv", "ward,gender\n1,F\n")
    code, _, err = scan(str(csv), "--quasi", "ward,age")
    assert code == 2 and "missing-column" in err and "No column named age" in err
    code, _, err = scan(str(csv), "--quasi", "age", LANG="fr_CA.UTF-8")
    assert code == 2 and "Aucune colonne nommée age" in err


def test_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out, err = scan(str(empty), "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "empty-file" and "empty-file" in err


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    csv = write(tmp_path / "t.csv", "a\n1\n")
    assert scan(str(csv), "--quasi", " , ")[0] == 2
    assert scan(str(csv), "--k", "1")[0] == 2


def test_a_workbook_sheet(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    with xlsxwriter.Workbook(path) as book:
        book.add_worksheet("Données").write_column(0, 0, ["note", "Call Mr. Gagnon", "ok"])
        book.add_worksheet("Autre").write_column(0, 0, ["x", "1"])
    code, out, _ = scan(str(path), "--sheet", "Données", "--json")
    data = json.loads(out)
    assert code == 1 and [t["table"] for t in data["tables"]] == ["Données"]
    assert data["tables"][0]["findings"][0]["detector"] == "person_name"


# Bad input (issue 5): bounded time, clear reasons in both languages, never a "clean" by accident.


def test_binary_garbage_exits_2_with_a_reason_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 40)
    code, out, err = scan(str(path), "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "not-text" and "Cannot read" in err
    code, _, err = scan(str(path), LANG="fr_CA.UTF-8")
    assert code == 2 and "Illisible" in err and "not-text" in err


def test_one_megabyte_cells_are_screened_whole_and_never_printed(tmp_path: Path) -> None:
    filler = "lorem ipsum dolor sit amet " * 40_000  # ~1 MB a cell
    path = write(tmp_path / "notes.csv", f'id,note\n1,"{filler} call 613-555-0199"\n2,"{filler}"\n'
                 f'3,"{filler[:500_000]} bob.roy@gmail.com {filler[:500_000]}"\n')
    started = time.perf_counter()
    code, out, _ = scan(str(path), "--json")
    data = json.loads(out)
    assert code == 1 and time.perf_counter() - started < 60
    (table,) = data["tables"]
    assert {(f["detector"], f["count"], tuple(f["examples"])) for f in table["findings"]} == {
        ("phone", 1, ("•••-•••-••••",)), ("email", 1, ("b••.r••@g••••.c••",))}
    assert len(out) < 20_000 and "lorem ipsum dolor" not in out  # masked examples, never the cells


def test_all_null_columns_are_counted_and_clean(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "park,courriel,age\n" + "".join(f"Parc {i},,\n" for i in range(20)))
    code, out, _ = scan(str(path), "--json")
    (table,) = json.loads(out)["tables"]
    assert code == 0 and table["status"] == "clean" and table["row_count"] == 20
    assert {c["column"]: c["non_blank"] for c in table["columns"]} == {"park": 20, "courriel": 0, "age": 0}
