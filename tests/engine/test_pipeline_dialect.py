"""The pipeline report carries what was detected about a text file, so a steward can pin it."""

from __future__ import annotations

from pathlib import Path

from trousse.engine.pipeline import run_pipeline


def test_report_names_the_detected_encoding_delimiter_and_decimal(tmp_path: Path) -> None:
    source = tmp_path / "inspections.csv"
    rows = ["établissement;note", "Café Saint-Jérôme;12,5", "Bistro Rivière-du-Loup;9,75"]
    source.write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    table = run_pipeline(source, tmp_path / "work").to_dict()["tables"][0]
    assert table["source_format"] == "CSV"
    # No byte in 0x80–0x9F: Windows-1252 and Latin-1 read these accents the same way.
    assert table["dialect"]["encoding"] in ("cp1252", "latin-1")
    assert table["dialect"]["delimiter"] == ";"
    assert table["dialect"]["decimal"] == ","
