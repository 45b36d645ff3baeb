"""`trousse check FILE`: the pipeline with no site, its report, its JSON and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import xlsxwriter
from click.testing import CliRunner

from trousse.cli.check import message_language
from trousse.cli.main import cli
from trousse.engine.privacy import screen as screen_module
from trousse.engine.privacy.report import report_schema
from trousse.engine.privacy.screen import ScreenOptions

HEADER = "id,name,amount,when\n"


def check(*args: str, **env: str) -> tuple[int, str, str]:
    """Run `trousse check ARGS` in-process; return (exit status, stdout, stderr)."""
    environ: dict[str, str | None] = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, **env}
    result = CliRunner(env=environ).invoke(cli, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def valid_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "ok.csv", [f"{i},Rivière-du-Loup {i},{i}.5,2024-01-{i % 28 + 1:02d}" for i in range(1, 41)])


@pytest.fixture
def schema(tmp_path: Path) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "name", "type": "string", "constraints": {"required": True}},
        {"name": "amount", "type": "number", "constraints": {"minimum": 0}},
        {"name": "when", "type": "date"},
    ]}), encoding="utf-8")
    return path


def test_valid_csv_exits_0_with_a_readable_report(valid_csv: Path) -> None:
    code, out, _ = check(str(valid_csv))
    assert code == 0
    assert "40 rows, 4 columns" in out
    assert "integer" in out and "number" in out and "date" in out
    assert "Valid" in out


def test_type_errors_exit_1_and_are_counted_in_the_json(tmp_path: Path, schema: Path) -> None:
    rows = [f"{i},n{i},{i}.5,2024-01-02" for i in range(1, 31)]
    rows[3] = "4,n4,abc,2024-01-02"  # not a number
    rows[7] = "8,n8,-1,2024-13-40"  # below the minimum, and not a date
    rows[9] = "x10,n10,1,2024-01-02"  # not an integer
    rows[11] = "2,,1,2024-01-02"  # duplicate id, missing required name
    code, out, _ = check(str(write_csv(tmp_path / "bad.csv", rows)), "--schema", str(schema), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False and report["error_count"] == 6
    (table,) = report["tables"]
    assert table["schema_inferred"] is False
    assert table["validation"]["counts"] == {"constraint-error": 2, "type-error": 3, "unique-error": 1}
    by_field = {(p["type"], p["field"], p["constraint"]): p for p in table["validation"]["problems"]}
    assert by_field[("type-error", "amount", None)]["examples"][0]["row"] == 5
    assert by_field[("type-error", "amount", None)]["examples"][0]["cell"] == "abc"
    assert by_field[("constraint-error", "amount", "minimum")]["count"] == 1
    assert by_field[("constraint-error", "name", "required")]["count"] == 1
    assert by_field[("unique-error", "id", None)]["examples"][0]["row"] == 13


def test_text_report_lists_counts_per_type_and_field(tmp_path: Path, schema: Path) -> None:
    rows = [f"{i},n{i},{i}.5,2024-01-02" for i in range(1, 11)]
    rows[2] = "3,n3,abc,2024-01-02"
    code, out, _ = check(str(write_csv(tmp_path / "bad.csv", rows)), "--schema", str(schema))
    assert code == 1
    assert "type-error" in out and "amount" in out and "row 4" in out and "abc" in out
    assert "1 error(s)" in out


def test_schema_option_is_used(valid_csv: Path, tmp_path: Path) -> None:
    strict = tmp_path / "strict.json"
    strict.write_text(json.dumps({"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "integer"},
                                             {"name": "amount", "type": "number"}, {"name": "when", "type": "date"}]}))
    code, out, _ = check(str(valid_csv), "--schema", str(strict), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["tables"][0]["validation"]["counts"] == {"type-error": 40}
    retyped = [c for c in report["tables"][0]["schema_changes"] if c["kind"] == "retyped"]
    assert retyped == [{"kind": "retyped", "field": "name", "position": 2, "old": "integer", "new": "string",
                        "breaking": True}]


def test_a_schema_that_is_not_json_is_a_usage_error(valid_csv: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = check(str(valid_csv), "--schema", str(bad))
    assert code == 2 and "not a Table Schema" in err


@pytest.mark.parametrize("content", [b"", bytes(range(256)) * 40], ids=["empty", "binary-junk"])
def test_unreadable_files_exit_2_with_code_and_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    code, out, err = check(str(path))
    assert code == 2 and out == ""
    expected = "empty-file" if not content else "not-text"
    assert f"Cannot read {path}: {expected}:" in err
    code, out, _ = check(str(path), "--json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["code"] == expected and error["message"]["en"] and error["message"]["fr"]


def test_unreadable_message_in_french_when_the_locale_is_french(tmp_path: Path) -> None:
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    code, _, err = check(str(path), LANG="fr_CA.UTF-8")
    assert code == 2 and "Illisible" in err and "Le fichier est vide." in err
    code, _, err = check(str(path), LANG="fr_CA.UTF-8", LC_ALL="en_CA.UTF-8")
    assert "The file is empty." in err


def test_message_language_follows_lc_all_then_lc_messages_then_lang() -> None:
    assert message_language({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert message_language({"LC_ALL": "fr", "LANG": "en_US"}) == "fr"
    assert message_language({"LC_ALL": "C", "LANG": "fr_FR"}) == "en"
    assert message_language({"LC_MESSAGES": "fr_CA", "LANG": "en_CA"}) == "fr"
    assert message_language({}) == "en"


def test_xlsx_sheet_option(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    first = book.add_worksheet("Notes")
    first.write_row(0, 0, ["note"])
    first.write_row(1, 0, ["bonjour"])
    data = book.add_worksheet("Données")
    data.write_row(0, 0, ["ward", "count"])
    for r in range(1, 21):
        data.write_row(r, 0, [f"W{r}", r + 10 if r != 7 else "seven"])  # no count under 5: no small cell
    book.close()
    code, out, _ = check(str(path), "--sheet", "Données", "--json")
    report = json.loads(out)
    assert [t["name"] for t in report["tables"]] == ["Données"]
    assert report["tables"][0]["profile"]["row_count"] == 20
    assert code == 0  # "seven" makes the inferred type string: valid
    code, out, _ = check(str(path), "--json")
    assert code == 0 and [t["name"] for t in json.loads(out)["tables"]] == ["Notes", "Données"]
    code, _, err = check(str(path), "--sheet", "Nope")
    assert code == 2 and "unknown-sheet" in err


def test_read_overrides_are_passed_to_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "quebec.csv"
    path.write_bytes("ville;montant\nSaint-Jérôme;1,5\nRivière-du-Loup;2,25\n".encode("cp1252"))
    code, out, _ = check(str(path), "--encoding", "cp1252", "--delimiter", "semicolon", "--decimal", ",", "--json")
    assert code == 0
    table = json.loads(out)["tables"][0]
    assert [f["type"] for f in table["schema"]["fields"]] == ["string", "number"]
    assert table["profile"]["columns"][0]["min"] == "Rivière-du-Loup"


def test_output_dir_keeps_the_parquet(valid_csv: Path, tmp_path: Path) -> None:
    code, out, _ = check(str(valid_csv), "--output-dir", str(tmp_path / "kept"), "--json")
    assert code == 0
    assert Path(json.loads(out)["tables"][0]["parquet"]).is_file()


def test_subprocess_exit_status_and_no_django(valid_csv: Path, tmp_path: Path) -> None:
    """The installed command, in its own process: exit statuses, and Django is never imported."""
    code = (
        "import sys\n"
        "from trousse.cli.main import cli\n"
        "try:\n"
        "    cli.main(args=sys.argv[1:], prog_name='trousse')\n"
        "finally:\n"
        "    print('django imported' if 'django' in sys.modules else 'no django', file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TROUSSE_", "DJANGO_"))}
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    for path, status in ((valid_csv, 0), (empty, 2)):
        done = subprocess.run([sys.executable, "-c", code, "check", str(path)], capture_output=True, text=True,
                              env=env, timeout=120, check=False)
        assert done.returncode == status, done.stderr
        assert done.stderr.strip().endswith("no django")


# The privacy screen (issue 5 §5): each converted table is screened; 3 = found, 4 = screen failed.


def test_personal_information_exits_3_with_the_findings_masked(tmp_path: Path) -> None:
    path = tmp_path / "plaintes.csv"
    path.write_text("id,plaignant,description\n1,Jean Tremblay,Rappeler au 613-555-0199\n"
                    "2,Marie Roy,Nid-de-poule\n", encoding="utf-8")
    code, out, _ = check(str(path))
    assert code == 3
    assert "Valid" in out and "Privacy" in out and "Personal information or risk found" in out
    assert "plaignant *" in out and "Phone number" in out and "•••-•••-••••" in out
    assert "613-555-0199" not in out and "Tremblay" not in out
    code, out, _ = check(str(path), LANG="fr_CA.UTF-8")
    assert code == 3 and "Vie privée" in out and "Renseignements personnels ou risque trouvés" in out


def test_json_has_a_privacy_report_per_table_in_the_documented_shape(tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("code_postal,age,sexe\nK1A 0B1,34,F\nK1A 0B1,34,F\nK2P 1L4,71,M\n", encoding="utf-8")
    code, out, _ = check(str(path), "--json")
    data = json.loads(out)
    assert code == 3 and data["valid"] is True and data["privacy_status"] == "findings"
    privacy = data["tables"][0]["privacy"]
    jsonschema.validate(privacy, report_schema())
    assert privacy["status"] == "findings" and privacy["risk"]["k"] == 1
    assert {f["detector"] for f in privacy["findings"]} >= {"postal_code", "age"}
    assert all({"column", "detector", "count", "share"} <= set(f) for f in privacy["findings"])
    assert "privacy" in data["timings"]
    # The profile of a flagged column repeats no raw value: min, max and top values are masked too.
    assert "K1A 0B1" not in out and "K2P 1L4" not in out
    postal = next(c for c in data["tables"][0]["profile"]["columns"] if c["name"] == "code_postal")
    assert postal["min"] == "K•• •••" and all("•" in t["value"] for t in postal["top_values"])


def test_a_clean_valid_file_exits_0_and_quasi_identifiers_can_be_given(valid_csv: Path, tmp_path: Path) -> None:
    code, out, _ = check(str(valid_csv), "--json")
    assert code == 0 and json.loads(out)["privacy_status"] == "clean"
    path = tmp_path / "visits.csv"
    path.write_text("ward,gender,visits\n" + "".join(f"{i % 2},{'FM'[i % 4 < 2]},{i}\n" for i in range(20)),
                    encoding="utf-8")
    code, out, _ = check(str(path), "--json", "--quasi", "ward,gender")
    risk = json.loads(out)["tables"][0]["privacy"]["risk"]
    assert code == 0 and risk["quasi_identifiers"] == ["ward", "gender"] and risk["k"] == 5
    assert risk["quasi_identifiers_source"] == "given"
    code, out, _ = check(str(path), "--json", "--quasi", "ward,visits")
    assert code == 3 and json.loads(out)["tables"][0]["privacy"]["risk"]["k"] == 1


def test_data_errors_come_before_privacy_findings(tmp_path: Path, schema: Path) -> None:
    rows = [f"{i},Jean Tremblay {i},{i}.5,2024-01-02" for i in range(1, 11)] + ["11,bob.roy@gmail.com,abc,2024-01-02"]
    code, out, _ = check(str(write_csv(tmp_path / "bad.csv", rows)), "--schema", str(schema), "--json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False and data["privacy_status"] == "findings"


def test_a_missing_quasi_column_is_a_usage_error_with_a_bilingual_reason(valid_csv: Path) -> None:
    code, out, err = check(str(valid_csv), "--quasi", "ward,amount", "--json")
    privacy = json.loads(out)["tables"][0]["privacy"]
    assert code == 2 and privacy["status"] == "error" and privacy["error"]["code"] == "missing-column"
    assert privacy["findings"] == [] and privacy["error"]["message"]["fr"].startswith("Aucune colonne nommée ward")
    assert "Cannot screen ok: missing-column: No column named ward" in err
    code, _, err = check(str(valid_csv), "--quasi", "ward", LANG="fr_CA.UTF-8")
    assert code == 2 and "Filtrage impossible" in err and "Aucune colonne nommée ward" in err


def test_a_screen_that_cannot_finish_exits_4_and_is_never_clean(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("a,b,c\nx,y,z\n", encoding="utf-8")
    real = screen_module.screen_parquet

    def narrow_screen(parquet: Path, *, name: str, options: ScreenOptions) -> object:
        return real(parquet, name=name, options=replace(options, max_columns=2))  # the real screen, lower limit

    monkeypatch.setattr(screen_module, "screen_parquet", narrow_screen)
    code, out, err = check(str(path), "--json")
    data = json.loads(out)
    assert code == 4 and data["valid"] is True and data["privacy_status"] == "error"
    privacy = data["tables"][0]["privacy"]
    assert privacy["error"]["code"] == "too-many-columns" and privacy["findings"] == [] and "too-many-columns" in err
    code, out, _ = check(str(path), LANG="fr_CA.UTF-8")
    assert code == 4 and "Filtrage de la vie privée incomplet" in out


def test_no_privacy_skips_the_screen(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("courriel\njean.roy@gmail.com\n", encoding="utf-8")
    assert check(str(path))[0] == 3
    code, out, _ = check(str(path), "--no-privacy", "--json")
    data = json.loads(out)
    assert code == 0 and data["privacy_status"] is None and data["tables"][0]["privacy"] is None
    assert check(str(path), "--no-privacy", "--quasi", "courriel")[0] == 2


def test_a_stage_out_of_memory_is_a_reason_not_a_traceback(valid_csv: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file too wide for the memory (10,000 columns can do it) exits 2 with code out-of-memory."""
    import duckdb

    from trousse.engine import pipeline

    def out_of_memory(*_args: object, **_kwargs: object) -> None:
        raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 32.0 KiB")

    monkeypatch.setattr(pipeline, "run_pipeline", out_of_memory)
    code, out, err = check(str(valid_csv), "--json")
    error = json.loads(out)["error"]
    assert code == 2 and error["code"] == "out-of-memory" and "Traceback" not in err
    assert error["message"]["fr"] == "Le fichier n'a pas pu être traité avec la mémoire disponible."
    code, _, err = check(str(valid_csv), LANG="fr_CA.UTF-8")
    assert code == 2 and "Illisible" in err and "out-of-memory" in err
