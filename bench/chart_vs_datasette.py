"""Benchmark: the quick chart's category count against Datasette's facet, over 1,000,000 rows.

Both serve the same deterministic 311 table (bench/datasets311.py): Trousse as a published resource
processed by the real pipeline, its chart answered by ``/previews/<id>/chart.json?column=category``;
Datasette from SQLite (the column indexed) with ``/<db>/requests.json?_facet=category&_size=0``,
suggested facets off and the facet time limit raised (by default Datasette gives up on a facet after
200 ms and silently answers without it). One server process each, the same wrk load (threads,
connections, duration) one after the other, on the same machine. Target (issue 4): ours ≥ 10× the
requests per second.

    bench/setup                                   # once: bench/out/.venv-bench with datasette
    .venv/bin/python bench/chart_vs_datasette.py [--rows N] [--duration S] [--connections C]

Results: bench/out/chart-vs-datasette-<rows>.json and a Markdown table on standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
from bench_site import load_table  # noqa: E402
from datasets311 import generate_311  # noqa: E402

TARGET = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer {url}")


def fetch(url: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        body = response.read()
    return time.perf_counter() - start, body


def wrk(url: str, threads: int, connections: int, duration: int) -> dict[str, float]:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "60s",
                          "--latency", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    return {"requests_per_second": rps, "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else -1,
            "non_2xx": int(errors.group(1)) if errors else 0, "timeouts": int(timeouts.group(1)) if timeouts else 0,
            "raw": out}


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()


def load() -> str:
    return open("/proc/loadavg").read().split(" ")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds of load in each turn")
    parser.add_argument("--turns", type=int, default=3, help="turns of load on each server, alternating")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    datasette = OUT / ".venv-bench" / "bin" / "datasette"
    if not datasette.exists() or shutil.which("wrk") is None:
        raise SystemExit("needs bench/setup (datasette in bench/out/.venv-bench) and wrk (apt-get install wrk)")
    data = OUT / "data"
    data.mkdir(parents=True, exist_ok=True)
    parquet = data / f"311-{args.rows}.parquet"
    sqlite = data / f"311-{args.rows}.sqlite"
    if not parquet.exists():
        generate_311(parquet, args.rows)
    if not sqlite.exists():
        generate_311(sqlite, args.rows, index=("category",))

    # Trousse: a site of its own with the table published and processed by the real pipeline.
    home = OUT / f"chart-site-{args.rows}"
    env = {**os.environ, "TROUSSE_HOME": str(home), "TROUSSE_DEBUG": "false", "BENCH_FILE": str(parquet),
           "DJANGO_SETTINGS_MODULE": "trousse.portal.settings"}
    trousse = str(ROOT / ".venv" / "bin" / "trousse")
    started = time.perf_counter()
    resource_id = load_table(home, env)
    print(f"site ready in {time.perf_counter() - started:.0f} s (resource {resource_id})", file=sys.stderr)

    results: dict[str, object] = {"rows": args.rows, "connections": args.connections, "threads": args.threads,
                                  "duration_s": args.duration, "turns": args.turns, "server_processes": 1}
    port, their_port = free_port(), free_port()
    ours = subprocess.Popen([trousse, "serve", "--port", str(port), "--workers", "1", "--threads", "4"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    theirs = subprocess.Popen([str(datasette), "serve", str(sqlite), "--port", str(their_port), "--setting",
                               "suggest_facets", "off", "--setting", "facet_time_limit_ms", "600000",
                               "--setting", "sql_time_limit_ms", "600000", "--setting", "default_cache_ttl", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Ours lists every category (top=30), as Datasette's facet does (up to 30 values).
        our_url = f"http://127.0.0.1:{port}/previews/{resource_id}/chart.json?column=category&top=30"
        their_url = f"http://127.0.0.1:{their_port}/{sqlite.stem}/requests.json?_facet=category&_size=0"
        wait_for(f"http://127.0.0.1:{port}/-/health")
        wait_for(f"http://127.0.0.1:{their_port}/-/versions.json")
        cold, body = fetch(our_url)  # the first request counts every row; later ones come from the cache
        results["ours_first_request_s"] = round(cold, 3)
        results["ours_categories"] = {b["label"]: b["count"] for b in json.loads(body)["bars"]}
        first, body = fetch(their_url)
        facet = json.loads(body)["facet_results"]
        facet = facet.get("results", facet)  # Datasette 1.0 nests the facets under "results"
        results["datasette_first_request_s"] = round(first, 3)
        results["datasette_categories"] = {r["value"]: r["count"] for r in facet["category"]["results"]}
        # Turns alternate, both servers up, so the machine's other load falls on both alike.
        for name, url in [("ours", our_url), ("datasette", their_url)] * args.turns:
            turn = {"load_before": load(), **wrk(url, args.threads, args.connections, args.duration)}
            turn.pop("raw")
            results.setdefault(f"{name}_turns", []).append(turn)  # type: ignore[union-attr]
    finally:
        stop(ours)
        stop(theirs)
    for name in ("ours", "datasette"):
        turns = results[f"{name}_turns"]
        results[name] = {"requests_per_second": round(sum(t["requests_per_second"] for t in turns) / len(turns), 2),
                         "p99_ms": max(t["p99_ms"] for t in turns),
                         "errors": sum(t["non_2xx"] + t["timeouts"] for t in turns),
                         "load_before": " / ".join(t["load_before"] for t in turns)}

    same = results["ours_categories"] == results["datasette_categories"]
    ratio = results["ours"]["requests_per_second"] / max(results["datasette"]["requests_per_second"], 1e-9)
    results.update({"same_counts": same, "ratio": round(ratio, 1), "target": TARGET,
                    "met": same and ratio >= TARGET and results["ours"]["errors"] == 0,
                    "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()})
    (OUT / f"chart-vs-datasette-{args.rows}.json").write_text(json.dumps(results, indent=2))
    print("| server | requests/s (mean) | p99 (worst turn) | first request | load before each turn |\n"
          "|---|---|---|---|---|")
    for name, label in (("ours", "Trousse chart.json"), ("datasette", "Datasette facet")):
        row = results[name]
        print(f"| {label} | {row['requests_per_second']:.2f} | {row['p99_ms']:.0f} ms "
              f"| {results[name + '_first_request_s']} s | {row['load_before']} |")
    print(f"\nratio {ratio:.1f}× (target ≥ {TARGET}×), same counts: {same}; {results['uptime']}")
    return 0 if results["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
