"""Benchmark: Trousse's whole pipeline against DuckDB alone (the floor) and ``frictionless validate``.

Generates a deterministic 311 service-request CSV (1,000,000 rows, about 150 MB) with injected
errors and a Table Schema, then runs, each in its own process, timed and with its peak RSS read
from ``wait4``:

  floor        DuckDB alone: read the CSV, write Parquet
  ours         trousse.engine.pipeline.run_pipeline with the schema (read, infer, profile,
               validate, canonical Parquet)
  frictionless ``frictionless validate --trusted --limit-errors N --schema S file.csv --json``
               from the benchmark's own virtualenv (``bench/setup``)

and compares the error counts per type and field. ``--big`` adds a 10,000,000-row run of ours.
``--baseline SRC`` also runs ours from another source tree (``SRC`` holding the ``trousse``
package, e.g. ``git archive`` of an older commit): before and after under the same load.
``--repeat N`` runs the floor and ours (and the baseline) N times, in turn, and keeps the run of
median wall time of each: a shared machine's load changes from one run to the next.
Results go to bench/out/results-<rows>.json and a Markdown table on standard output.

    .venv/bin/python bench/pipeline_vs_frictionless.py [--rows N] [--big] [--no-frictionless]
                                                       [--repeat N] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
FRICTIONLESS = OUT / ".venv-bench" / "bin" / "frictionless"
TARGETS = {"frictionless_over_ours": 20.0, "ours_over_floor": 3.0, "ours_rss_mib": 1024.0, "big_rss_mib": 2048.0}

CATEGORIES = ["pothole", "streetlight", "graffiti", "garbage", "recycling", "snow-removal", "noise",
              "parking", "animal-control", "tree", "water-leak", "sidewalk"]
STATUSES = ["open", "in-progress", "closed", "cancelled"]
CHANNELS = ["phone", "web", "app", "email", "counter"]
STREETS = ["rue Saint-Jérôme", "boulevard René-Lévesque", "Main Street", "avenue des Érables",
           "chemin de la Rivière-du-Loup", "King Street West", "rue Notre-Dame", "Bank Street"]
DETAILS = ["Reported by resident, follow-up requested", "Near the school; crews notified",
           "Signalé par un résident, suivi demandé", "Second report this week", "Urgent: blocking access",
           "Près de l'arrêt d'autobus", "Caller left no number", "Photo attached in the app"]

# Injected errors: (condition on the row index i, what the cell becomes). Moduli are primes so the
# injections rarely meet; when they do on one cell the first listed wins (a CASE), and the
# expected counts below are computed from the same conditions.
INJECTIONS = {
    "ward_type": "i % 9973 = 0",          # "12a", "twelve", "3.0": type-error (integer)
    "ward_missing": "i % 40009 = 8",      # "": constraint-error required
    "ward_max": "i % 200003 = 5",         # 99: constraint-error maximum
    "created_type": "i % 10007 = 1",      # "2024-02-30T10:00:00", "N/A": type-error (datetime)
    "status_missing": "i % 20011 = 2",    # "": constraint-error required
    "id_duplicate": "i % 100003 = 3",     # the previous row's id: unique-error
    "channel_enum": "i % 50021 = 4",      # "fax": constraint-error enum
    "latitude_type": "i % 70001 = 6",     # "45,4215": type-error (number)
}


def schema_descriptor() -> dict[str, Any]:
    """Return the Table Schema the benchmark validates against."""
    return {
        "fields": [
            {"name": "request_id", "type": "integer", "constraints": {"required": True, "unique": True}},
            {"name": "created_at", "type": "datetime", "constraints": {"required": True}},
            {"name": "closed_at", "type": "datetime"},
            {"name": "status", "type": "string", "constraints": {"required": True, "enum": STATUSES}},
            {"name": "category", "type": "string", "constraints": {"required": True, "enum": CATEGORIES}},
            {"name": "ward", "type": "integer", "constraints": {"required": True, "minimum": 1, "maximum": 24}},
            {"name": "address", "type": "string"},
            {"name": "latitude", "type": "number", "constraints": {"minimum": 40, "maximum": 60}},
            {"name": "longitude", "type": "number", "constraints": {"minimum": -142, "maximum": -52}},
            {"name": "channel", "type": "string", "constraints": {"required": True, "enum": CHANNELS}},
            {"name": "description", "type": "string"},
        ],
        "missingValues": [""],
    }


def _list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list[str], expr: str) -> str:
    return f"{_list(values)}[1 + ({expr}) % {len(values)}]"


def generate(rows: int, csv_path: Path, schema_path: Path) -> dict[str, Any]:
    """Write the CSV and its schema; return the expected error counts per (type, field)."""
    import duckdb

    j = INJECTIONS
    created = "TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i * 29 % 31536000)"
    select = f"""
        SELECT
          CASE WHEN {j['id_duplicate']} THEN i - 1 ELSE i END AS request_id,
          CASE WHEN {j['created_type']} THEN {_list(['2024-02-30T10:00:00', 'N/A'])}[1 + i % 2]
               ELSE strftime({created}, '%Y-%m-%dT%H:%M:%S') END AS created_at,
          CASE WHEN i % 4 = 2 THEN strftime({created} + to_hours(1 + i % 71), '%Y-%m-%dT%H:%M:%S')
               ELSE '' END AS closed_at,
          CASE WHEN {j['status_missing']} THEN '' ELSE {_pick(STATUSES, 'i')} END AS status,
          {_pick(CATEGORIES, 'i * 7 + i // 13')} AS category,
          CASE WHEN {j['ward_type']} THEN {_list(['12a', 'twelve', '3.0'])}[1 + i % 3]
               WHEN {j['ward_missing']} THEN ''
               WHEN {j['ward_max']} THEN '99'
               ELSE CAST(1 + (i * 11) % 24 AS VARCHAR) END AS ward,
          CAST(1 + (i * 37) % 9999 AS VARCHAR) || ' ' || {_pick(STREETS, 'i * 3 + i // 7')} AS address,
          CASE WHEN {j['latitude_type']} THEN '45,4215'
               ELSE printf('%.6f', 45.3 + ((i * 7919) % 400000) / 1e6) END AS latitude,
          printf('%.6f', -75.9 - ((i * 104729) % 500000) / 1e6) AS longitude,
          CASE WHEN {j['channel_enum']} THEN 'fax' ELSE {_pick(CHANNELS, 'i * 5 + i // 3')} END AS channel,
          {_pick(DETAILS, 'i * 13 + i // 5')} || ', ' || {_pick(CATEGORIES, 'i')} || ' ticket ' || CAST(i % 977 AS VARCHAR)
            AS description
        FROM range(1, {rows + 1}) t(i)
    """
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY ({select} ORDER BY i) TO '{csv_path}' (FORMAT csv, HEADER true, QUOTE '\"')")
    schema_path.write_text(json.dumps(schema_descriptor(), indent=2, ensure_ascii=False), encoding="utf-8")
    # Expected counts from the same conditions (CASE order: the first condition wins on a cell).
    q = con.execute(f"""SELECT
        count(*) FILTER (WHERE {j['ward_type']}),
        count(*) FILTER (WHERE {j['ward_missing']} AND NOT {j['ward_type']}),
        count(*) FILTER (WHERE {j['ward_max']} AND NOT {j['ward_type']} AND NOT {j['ward_missing']}),
        count(*) FILTER (WHERE {j['created_type']}),
        count(*) FILTER (WHERE {j['status_missing']}),
        count(*) FILTER (WHERE {j['id_duplicate']}),
        count(*) FILTER (WHERE {j['channel_enum']}),
        count(*) FILTER (WHERE {j['latitude_type']})
        FROM range(1, {rows + 1}) t(i)""").fetchone()
    con.close()
    ward_type, ward_missing, ward_max, created_type, status_missing, dup, enum, lat = q
    return {
        "type-error/ward": ward_type, "constraint-error/ward": ward_missing + ward_max,
        "type-error/created_at": created_type, "constraint-error/status": status_missing,
        "unique-error/request_id": dup, "constraint-error/channel": enum, "type-error/latitude": lat,
    }


# --- Contenders, each run in its own process ----------------------------------------------------


def run_floor(csv_path: Path, workdir: Path) -> dict[str, Any]:
    """DuckDB alone: read the CSV (its own type detection) and write Parquet."""
    import duckdb

    out = workdir / "floor.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{out}' (FORMAT parquet)")
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
    return {"rows": rows, "parquet_bytes": out.stat().st_size}


def run_ours(csv_path: Path, schema_path: Path, workdir: Path) -> dict[str, Any]:
    """Trousse's whole pipeline with the schema."""
    from trousse.engine.pipeline import run_pipeline
    from trousse.engine.tables.schema import load_schema

    report = run_pipeline(csv_path, workdir, schema=load_schema(schema_path))
    table = report.tables[0]
    counts: Counter[str] = Counter()
    for p in table.validation.problems:
        counts[f"{p.type}/{p.field}" if p.field else p.type] += p.count
    return {"rows": table.profile.row_count, "timings": {k: round(v, 3) for k, v in report.timings.items()},
            "error_count": table.validation.error_count, "counts": dict(sorted(counts.items())),
            "parquet_bytes": table.parquet.stat().st_size}


def _child(argv: list[str]) -> None:
    """Entry point of a contender process: run it and write its result as JSON to argv[-1]."""
    kind, *args, result = argv
    if kind == "floor":
        out = run_floor(Path(args[0]), Path(args[1]))
    else:
        out = run_ours(Path(args[0]), Path(args[1]), Path(args[2]))
    Path(result).write_text(json.dumps(out), encoding="utf-8")


def measure(cmd: list[str], stdout: Path | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` under GNU time; return its wall time, CPU time, peak RSS (MiB) and exit status.

    GNU time (a small process) forks the command, so the peak RSS it reports is the command's
    own: ``wait4`` from this process would count pages a fork inherits from the benchmark itself.
    """
    load = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats, open(stdout or os.devnull, "wb") as out:
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M %x", "-o", stats.name, *cmd],
                              stdout=out, stderr=subprocess.PIPE, check=False, env=env)
        wall, user, system, rss_kib, code = stats.read().split()[-5:]
    return {"wall_s": float(wall), "cpu_s": round(float(user) + float(system), 2),
            "peak_rss_mib": round(int(rss_kib) / 1024, 1), "exit": int(code),
            "load_before": round(load, 2), "stderr": proc.stderr.decode(errors="replace")[-2000:]}


def frictionless_counts(report_path: Path) -> tuple[dict[str, int], int, str]:
    """Return frictionless's error counts per type/field, its total and its version."""
    data = json.loads(report_path.read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    for task in data.get("tasks", []):
        for error in task.get("errors", []):
            field = error.get("fieldName")
            counts[f"{error['type']}/{field}" if field else error["type"]] += 1
    return dict(sorted(counts.items())), sum(counts.values()), str(data.get("version", ""))


def machine_facts() -> dict[str, Any]:
    import duckdb
    import pyarrow

    mem = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(int(mem) / 1024**2, 1),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "pyarrow": pyarrow.__version__,
            "kernel": platform.release()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--big", action="store_true", help="also run ours on a 10,000,000-row file")
    parser.add_argument("--big-rows", type=int, default=10_000_000)
    parser.add_argument("--no-frictionless", action="store_true", help="skip frictionless (it takes about a minute)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the floor and ours each (the median is kept)")
    parser.add_argument("--baseline", type=Path, help="also run ours from this source tree (before/after)")
    parser.add_argument("--frictionless", type=Path, default=FRICTIONLESS, help="the frictionless executable")
    parser.add_argument("--data", type=Path, default=OUT / "data", help="where the generated files go (reused)")
    args = parser.parse_args()

    facts = machine_facts()
    csv_path, schema_path = args.data / f"311-{args.rows}.csv", args.data / "311-schema.json"
    start = time.perf_counter()
    expected = generate(args.rows, csv_path, schema_path)
    gen_s = time.perf_counter() - start
    size_mb = csv_path.stat().st_size / 1e6
    print(f"generated {csv_path} ({args.rows:,} rows, {size_mb:.0f} MB) in {gen_s:.1f} s; "
          f"load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
    results: dict[str, Any] = {"machine": facts, "rows": args.rows, "csv_mb": round(size_mb, 1),
                               "generate_s": round(gen_s, 2), "expected": expected, "runs": {}}
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    with tempfile.TemporaryDirectory(prefix="trousse-bench-", dir=OUT) as tmp:
        work = Path(tmp)
        contenders = [("floor", [*me, "floor", str(csv_path)], None),
                      ("ours", [*me, "ours", str(csv_path), str(schema_path)], None)]
        if args.baseline:
            env = dict(os.environ, PYTHONPATH=str(args.baseline.resolve()))
            contenders.append(("ours_baseline", [*me, "ours", str(csv_path), str(schema_path)], env))
        tries: dict[str, list[dict[str, Any]]] = {name: [] for name, _, _ in contenders}
        for k in range(max(1, args.repeat)):
            for name, cmd, env in contenders:
                (work / f"{name}-{k}").mkdir()
                result_file = work / f"{name}-{k}.json"
                run = measure([*cmd, str(work / f"{name}-{k}"), str(result_file)], env=env)
                if run["exit"] == 0:
                    run.update(json.loads(result_file.read_text()))
                tries[name].append(run)
                print(f"{name}: {run['wall_s']} s, {run['cpu_s']} CPU-s, {run['peak_rss_mib']} MiB "
                      f"(exit {run['exit']}, load {run['load_before']})", file=sys.stderr)
        for name, runs in tries.items():
            runs.sort(key=lambda r: r["wall_s"])
            results["runs"][name] = dict(runs[len(runs) // 2], tries=[
                {key: r[key] for key in ("wall_s", "cpu_s", "peak_rss_mib", "load_before")} for r in runs])
        if not args.no_frictionless:
            limit = max(1000, 10 * sum(expected.values()))
            report = work / "frictionless.json"
            # Relative paths: frictionless refuses absolute ones unless --trusted; we pass both.
            run = measure([str(args.frictionless), "validate", "--trusted", "--limit-errors", str(limit),
                           "--schema", str(schema_path), str(csv_path), "--json"], stdout=report)
            counts, total, _ = frictionless_counts(report) if report.stat().st_size else ({}, 0, "")
            run.update(counts=counts, error_count=total, limit_errors=limit,
                       version=_frictionless_version(args.frictionless))
            results["runs"]["frictionless"] = run
            print(f"frictionless: {run['wall_s']} s, {run['peak_rss_mib']} MiB (exit {run['exit']})", file=sys.stderr)
        if args.big:
            big_csv = args.data / f"311-{args.big_rows}.csv"
            generate(args.big_rows, big_csv, schema_path)
            (work / "big").mkdir()
            result_file = work / "big.json"
            run = measure([*me, "ours", str(big_csv), str(schema_path), str(work / "big"), str(result_file)])
            if run["exit"] == 0:
                run.update(json.loads(result_file.read_text()))
            run["csv_mb"] = round(big_csv.stat().st_size / 1e6, 1)
            results["runs"]["ours_big"] = run
            print(f"ours_big: {run['wall_s']} s, {run['peak_rss_mib']} MiB (exit {run['exit']})", file=sys.stderr)
            big_csv.unlink()
    results["load_after"] = round(os.getloadavg()[0], 2)
    results["summary"] = summarize(results)
    OUT.mkdir(exist_ok=True)
    out = OUT / f"results-{args.rows}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(markdown(results))
    print(f"\nresults: {out}", file=sys.stderr)
    return 0 if results["summary"]["all_met"] else 1


def _frictionless_version(exe: Path) -> str:
    try:
        return subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def summarize(results: dict[str, Any]) -> dict[str, Any]:
    """Return the ratios, the target checks and the error-count comparison."""
    runs = results["runs"]
    ours, floor = runs["ours"], runs["floor"]
    summary: dict[str, Any] = {
        "ours_over_floor": round(ours["wall_s"] / floor["wall_s"], 2),
        "ours_rss_mib": ours["peak_rss_mib"],
    }
    checks = {"ours_over_floor": summary["ours_over_floor"] <= TARGETS["ours_over_floor"],
              "ours_rss_mib": ours["peak_rss_mib"] < TARGETS["ours_rss_mib"],
              "ours_matches_injected": ours.get("counts") == results["expected"]}
    if "frictionless" in runs:
        fr = runs["frictionless"]
        summary["frictionless_over_ours"] = round(fr["wall_s"] / ours["wall_s"], 1)
        keys = sorted(set(fr.get("counts", {})) | set(ours.get("counts", {})))
        summary["differences"] = {k: {"ours": ours.get("counts", {}).get(k, 0), "frictionless": fr["counts"].get(k, 0)}
                                  for k in keys if ours.get("counts", {}).get(k, 0) != fr["counts"].get(k, 0)}
        checks["frictionless_over_ours"] = summary["frictionless_over_ours"] >= TARGETS["frictionless_over_ours"]
        checks["same_counts_as_frictionless"] = not summary["differences"]
    if "ours_baseline" in runs:
        base = runs["ours_baseline"]
        summary["baseline_over_ours_wall"] = round(base["wall_s"] / ours["wall_s"], 2)
        summary["baseline_over_ours_cpu"] = round(base["cpu_s"] / ours["cpu_s"], 2)
        summary["baseline_over_floor"] = round(base["wall_s"] / floor["wall_s"], 2)
        if "frictionless" in runs:
            summary["frictionless_over_baseline"] = round(runs["frictionless"]["wall_s"] / base["wall_s"], 1)
    if "ours_big" in runs:
        summary["big_rss_mib"] = runs["ours_big"]["peak_rss_mib"]
        checks["big_rss_mib"] = runs["ours_big"]["exit"] == 0 and runs["ours_big"]["peak_rss_mib"] < TARGETS["big_rss_mib"]
    summary["checks"] = checks
    summary["all_met"] = all(checks.values())
    return summary


def markdown(results: dict[str, Any]) -> str:
    """Return the results as Markdown tables."""
    runs, s = results["runs"], results["summary"]
    lines = [f"{results['rows']:,} rows, {results['csv_mb']} MB CSV; {results['machine']['nproc']} cores, "
             f"{results['machine']['ram_gib']} GiB RAM", "",
             "| run | wall (s) | CPU (s) | peak RSS (MiB) | errors found | load before |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, run in runs.items():
        errors = run.get("error_count", "")
        lines.append(f"| {name} | {run['wall_s']} | {run['cpu_s']} | {run['peak_rss_mib']} | {errors} | {run['load_before']} |")
    lines += ["", "| ratio | measured | target | met |", "| --- | ---: | ---: | --- |"]
    for key, target, op in (("frictionless_over_ours", 20, "≥"), ("ours_over_floor", 3, "≤"),
                            ("ours_rss_mib", 1024, "<"), ("big_rss_mib", 2048, "<")):
        if key in s:
            lines.append(f"| {key} | {s[key]} | {op} {target} | {'yes' if s['checks'][key] else 'NO'} |")
    for key in ("baseline_over_ours_wall", "baseline_over_ours_cpu", "baseline_over_floor", "frictionless_over_baseline"):
        if key in s:
            lines.append(f"| {key} | {s[key]} | | |")
    if "ours" in runs and "counts" in runs["ours"]:
        lines += ["", "| error type / field | injected | ours | frictionless |", "| --- | ---: | ---: | ---: |"]
        fr = runs.get("frictionless", {}).get("counts", {})
        for key in sorted(set(results["expected"]) | set(runs["ours"]["counts"]) | set(fr)):
            lines.append(f"| {key} | {results['expected'].get(key, 0)} | {runs['ours']['counts'].get(key, 0)} | "
                         f"{fr.get(key, 0) if 'frictionless' in runs else ''} |")
    for name in ("ours", "ours_baseline"):
        if name in runs and "timings" in runs[name]:
            lines += ["", f"{name}, per stage (s): " + ", ".join(f"{k} {v}" for k, v in runs[name]["timings"].items())]
        if name in runs and len(runs[name].get("tries", [])) > 1:
            lines.append(f"{name}, every try (wall s / CPU s / load): " + "; ".join(
                f"{t['wall_s']} / {t['cpu_s']} / {t['load_before']}" for t in runs[name]["tries"]))
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2:])
    else:
        sys.exit(main())
