"""Benchmark: the standards directory's conformance check against `frictionless validate`, same table, same schema.

A deterministic GTFS stops table of N rows (DuckDB SQL) with injected errors: latitudes out of range,
an out-of-enum wheelchair_boarding, duplicate stop_ids. Ours checks the typed Parquet the pipeline keeps
(``program.standards.conformance.check_parquet``: project as text, then the engine's validator);
frictionless 5 validates the CSV against the same derived Table Schema (gtfs-stops.json). Each run is
its own process, timed wall-clock; the error counts must agree.

    bench/setup                                   # once: bench/out/.venv-bench with frictionless
    .venv/bin/python bench/conformance_vs_frictionless.py [--rows N]

Results: bench/out/conformance-<rows>.json and a Markdown table on standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
SCHEMA = ROOT / "src/trousse/portal/program/standards/data/schemas/gtfs-stops.json"
FRICTIONLESS = OUT / ".venv-bench/bin/frictionless"
OURS = """
import json, os, sys, time
import django
django.setup()
from trousse.portal.program.standards.conformance import check_parquet
started = time.perf_counter()
result = check_parquet(sys.argv[1], json.load(open(sys.argv[2])))
print(json.dumps({"seconds": time.perf_counter() - started, "conforms": result.conforms, "problems": result.problems}))
"""


def generate(rows: int, folder: Path) -> tuple[Path, Path]:
    """Write stops.csv and its typed stops.parquet: every 10,000th row has a bad latitude, every 25,000th a bad enum."""
    csv, parquet = folder / f"stops-{rows}.csv", folder / f"stops-{rows}.parquet"
    con = duckdb.connect()
    con.execute(f"""
        CREATE TABLE stops AS SELECT
          'S' || CASE WHEN i % 50000 = 1 THEN i - 1 ELSE i END AS stop_id,
          (1000 + i)::VARCHAR AS stop_code,
          'Stop ' || i AS stop_name,
          CASE WHEN i % 10000 = 0 THEN 95.5 ELSE round(45 + (i % 1000) / 10000.0, 6) END AS stop_lat,
          round(-75 - (i % 777) / 10000.0, 6) AS stop_lon,
          CASE WHEN i % 25000 = 0 THEN 9 ELSE i % 3 END AS wheelchair_boarding
        FROM range({rows}) t(i)""")
    con.execute(f"COPY stops TO '{csv}' (HEADER, DELIMITER ',')")
    con.execute(f"COPY stops TO '{parquet}' (FORMAT PARQUET)")
    return csv, parquet


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args[0]} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    options = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-conformance-") as scratch:
        folder = Path(scratch)
        csv, parquet = generate(options.rows, folder)
        # Frictionless maps fields to columns by position: give it the standard's fields the table has, in
        # its order (the projection our check makes itself), next to the CSV.
        full = json.loads(SCHEMA.read_text())
        names = [name for name, *_ in duckdb.connect().execute(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()]
        projected = {"fields": [f for n in names for f in full["fields"] if f["name"] == n],
                     "primaryKey": full["primaryKey"]}
        schema = folder / "stops-schema.json"
        schema.write_text(json.dumps(projected))
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="trousse.portal.settings", TROUSSE_HOME=str(folder / "site"))
        ours_wall, ours_out = run([sys.executable, "-c", OURS, str(parquet), str(SCHEMA)], env)
        ours = json.loads(ours_out)
        theirs_wall, theirs_out = run([str(FRICTIONLESS), "validate", "--trusted", "--schema", str(schema),
                                       "--limit-errors", "1000000", "--json", str(csv)])
        report = json.loads(theirs_out)
        task = report["tasks"][0]
        counts: dict[str, int] = {}
        for error in task["errors"]:
            counts[error["type"]] = counts.get(error["type"], 0) + 1
    load = os.getloadavg()
    result = {"rows": options.rows, "load": load, "ours": {"wall": ours_wall, "check": ours["seconds"],
              "problems": ours["problems"]}, "frictionless": {"wall": theirs_wall, "problems": counts},
              "ratio": theirs_wall / ours_wall}
    (OUT / f"conformance-{options.rows}.json").write_text(json.dumps(result, indent=2))
    print(f"| tool | wall (s) | problems |\n| --- | --- | --- |\n"
          f"| Trousse `check_parquet` | {ours_wall:.2f} (check {ours['seconds']:.2f}) | {ours['problems']} |\n"
          f"| frictionless validate | {theirs_wall:.2f} | {counts} |\n\n"
          f"ratio {result['ratio']:.1f}×, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
