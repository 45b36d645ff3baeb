"""Benchmark: datastore_search with one equality filter against Datasette's table filter, over 1,000,000 rows.

Both serve the same deterministic 311 table (bench/datasets311.py). Trousse: a site made by
``trousse init`` in bench/out/, the table uploaded as a resource and processed by the real pipeline, then
``trousse serve`` (gunicorn, 1 process × 4 threads) answering
``/api/3/action/datastore_search?resource_id=<id>&filters={"category":"pothole"}&limit=100``
(the API's rate limit off for the run). Datasette: the same rows in SQLite with ``category`` indexed,
``datasette serve`` (1 process) with suggested facets off, answering
``/<db>/requests.json?category=pothole&_size=100``. Both answers hold the first 100 matching rows and
the count of all matching rows; the script checks they agree. Both servers run at once and the same wrk
load (threads, connections, duration) runs on each in turns, several rounds, so that the machine's other
load falls on both alike. Target (issue 4): ours ≥ 1.5× the requests per second, with
a lower p99 latency.

    bench/setup                          # once: bench/out/.venv-bench with datasette; wrk from apt
    .venv/bin/python bench/datastore_vs_datasette.py [--rows N] [--duration S] [--connections C]

Results: bench/out/datastore-vs-datasette-<rows>.json and a Markdown table on standard output.
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
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
from bench_site import load_table  # noqa: E402
from datasets311 import generate_311  # noqa: E402

TARGET = 1.5
COLUMN, VALUE = "category", "pothole"

NO_RECYCLE = """
from trousse.cli import site_folder
from trousse.cli.serve import gunicorn_options, run_server
site_folder.open_site(require_secret_key=True)
options = gunicorn_options("127.0.0.1", {port}, {workers}, 4, 120, "warning")
options["max_requests"] = 0
run_server(options, "http://127.0.0.1:{port}/")
"""


def free_port() -> int:
    """Return a TCP port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[float, dict]:
    """Return the seconds one GET took and its JSON."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        body = response.read()
    return time.perf_counter() - start, json.loads(body)


def wait_for(url: str, seconds: float = 120) -> None:
    """Wait until ``url`` answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except (OSError, ValueError):
            time.sleep(0.5)
    raise SystemExit(f"server did not answer {url}")


def wrk(url: str, threads: int, connections: int, duration: int) -> dict:
    """Run wrk on ``url``; return requests/s, p99 latency (ms), errors and its report."""
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
                          "--latency", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_second": rps,
            "p50_ms": round(float(p50.group(1)) * scale[p50.group(2)], 2) if p50 else None,
            "p99_ms": round(float(p99.group(1)) * scale[p99.group(2)], 2) if p99 else None,
            "non_2xx": int(errors.group(1)) if errors else 0, "raw": out}


def stop(process: subprocess.Popen) -> None:
    """Stop a server we started, by its own pid."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()


def load_average() -> str:
    return open("/proc/loadavg").read().split(" ")[0]


def prepare_site(rows: int, parquet: Path) -> tuple[Path, dict[str, str], int]:
    """Make (once) a Trousse site with the table published; return its home, environment and resource id."""
    home = OUT / f"datastore-site-{rows}"
    env = {**os.environ, "TROUSSE_HOME": str(home), "TROUSSE_DEBUG": "false", "BENCH_FILE": str(parquet),
           "DJANGO_SETTINGS_MODULE": "trousse.portal.settings", "TROUSSE_API_RATE_ANON": "",
           "TROUSSE_LOG_LEVEL": "WARNING"}
    return home, env, load_table(home, env)


def start_ours(env: dict[str, str], resource_id: int, args: argparse.Namespace) -> tuple[subprocess.Popen, dict]:
    """Start `trousse serve` on the site and warm it; return the server and the first answer."""
    port = free_port()
    if args.no_recycle:
        # `trousse serve`'s own gunicorn options, but without recycling workers every ~2,000 requests.
        command = [str(ROOT / ".venv/bin/python"), "-c", NO_RECYCLE.format(port=port, workers=args.processes)]
    else:
        command = [str(ROOT / ".venv/bin/trousse"), "serve", "--port", str(port), "--workers", str(args.processes),
                   "--threads", "4"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    query = urllib.parse.urlencode({"resource_id": resource_id, "filters": json.dumps({COLUMN: VALUE}),
                                    "limit": 100})
    url = f"http://127.0.0.1:{port}/api/3/action/datastore_search?{query}"
    wait_for(f"http://127.0.0.1:{port}/-/health")
    cold, answer = fetch(url)
    # The first query starts building the table's query-ready copy (engine/query/native_cache.py) in the
    # background; wait until it is there (as it is for every visitor after the first), then measure.
    copies = Path(env["TROUSSE_HOME"]) / "cache" / "datastore" / "native"
    deadline = time.monotonic() + args.warmup
    while not list(copies.glob("*.duckdb")) and time.monotonic() < deadline:
        time.sleep(0.5)
    warm = min(fetch(url)[0] for _ in range(5))
    result = answer["result"]
    return server, {"url": url, "first_request_s": round(cold, 3), "warm_request_ms": round(warm * 1000, 2),
                    "query_ready_copy": bool(list(copies.glob("*.duckdb"))),
                    "ids": [r["request_id"] for r in result["records"]], "total": result["total"]}


def start_datasette(sqlite: Path) -> tuple[subprocess.Popen, dict]:
    """Start Datasette on the SQLite copy (suggested facets off) and warm it the same way."""
    port = free_port()
    server = subprocess.Popen([str(OUT / ".venv-bench/bin/datasette"), "serve", str(sqlite), "--port", str(port),
                               "--setting", "suggest_facets", "off", "--setting", "default_cache_ttl", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{sqlite.stem}/requests.json?{COLUMN}={VALUE}&_size=100&_shape=objects"
    wait_for(f"http://127.0.0.1:{port}/-/versions.json")
    cold, answer = fetch(url)
    warm = min(fetch(url)[0] for _ in range(5))
    return server, {"url": url, "first_request_s": round(cold, 3), "warm_request_ms": round(warm * 1000, 2),
                    "ids": [r["request_id"] for r in answer["rows"]],
                    "total": answer.get("filtered_table_rows_count")}


def _combined(runs: list[dict]) -> dict:
    """Return the rounds together: mean requests/s, worst p50 and p99, summed errors, the loads seen."""
    return {"requests_per_second": round(sum(r["requests_per_second"] for r in runs) / len(runs), 1),
            "p50_ms": max(r["p50_ms"] for r in runs), "p99_ms": max(r["p99_ms"] for r in runs),
            "non_2xx": sum(r["non_2xx"] for r in runs), "load_before": "/".join(r["load_before"] for r in runs)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds of load on each server, per round")
    parser.add_argument("--rounds", type=int, default=3, help="turns of load on each server, alternating")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--processes", type=int, default=1, help="server processes (Datasette runs one)")
    parser.add_argument("--no-recycle", action="store_true",
                        help="serve with trousse serve's gunicorn options but no worker recycling (max_requests 0)")
    parser.add_argument("--warmup", type=float, default=180,
                        help="longest wait for the query-ready copy after our first request, in seconds")
    args = parser.parse_args()
    if not (OUT / ".venv-bench/bin/datasette").exists() or shutil.which("wrk") is None:
        raise SystemExit("needs bench/setup (datasette in bench/out/.venv-bench) and wrk (apt-get install wrk)")
    data = OUT / "data"
    parquet, sqlite = data / f"311-{args.rows}.parquet", data / f"311-{args.rows}.sqlite"
    if not parquet.exists():
        generate_311(parquet, args.rows)
    if not sqlite.exists():
        generate_311(sqlite, args.rows, index=(COLUMN,))
    started = time.perf_counter()
    _, env, resource_id = prepare_site(args.rows, parquet)
    print(f"site ready in {time.perf_counter() - started:.0f} s (resource {resource_id})", file=sys.stderr)

    # Both servers up at once, loaded in turns (ours, theirs, ours, theirs…): the other helpers' load on
    # this machine changes by the minute, and alternating spreads it evenly over both.
    servers: list[subprocess.Popen] = []
    try:
        server, ours = start_ours(env, resource_id, args)
        servers.append(server)
        server, theirs = start_datasette(sqlite)
        servers.append(server)
        rounds = []
        for _ in range(args.rounds):
            o = {"load_before": load_average(), **wrk(ours["url"], args.threads, args.connections, args.duration)}
            t = {"load_before": load_average(), **wrk(theirs["url"], args.threads, args.connections, args.duration)}
            rounds.append({"ours": o, "datasette": t,
                           "ratio": round(o["requests_per_second"] / max(t["requests_per_second"], 1e-9), 2)})
    finally:
        for server in servers:
            stop(server)
    same = ours["ids"] == theirs["ids"] and ours["total"] == theirs["total"]
    o = _combined([r["ours"] for r in rounds])
    t = _combined([r["datasette"] for r in rounds])
    ratio = o["requests_per_second"] / max(t["requests_per_second"], 1e-9)
    met = same and ratio >= TARGET and o["p99_ms"] < t["p99_ms"] and o["non_2xx"] == 0
    for m, first in ((o, ours), (t, theirs)):
        m.update({k: first[k] for k in ("first_request_s", "warm_request_ms")})
    results = {"rows": args.rows, "connections": args.connections, "wrk_threads": args.threads,
               "worker_recycling": not args.no_recycle,
               "duration_s": args.duration, "rounds": args.rounds, "server_processes": args.processes,
               "ours": o, "datasette": t, "per_round": [{k: (v if k == "ratio" else
                                                             {x: y for x, y in v.items() if x != "raw"})
                                                         for k, v in r.items()} for r in rounds],
               "ours_url": ours["url"], "datasette_url": theirs["url"], "query_ready_copy": ours["query_ready_copy"],
               "same_answer": same, "matching_rows": ours["total"], "ratio": round(ratio, 2), "target": TARGET,
               "met": met, "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}
    OUT.mkdir(exist_ok=True)
    suffix = "-no-recycle" if args.no_recycle else ""
    (OUT / f"datastore-vs-datasette-{args.rows}{suffix}.json").write_text(json.dumps(results, indent=2))
    print("| server | requests/s | p50 | p99 | first request | warm request | load avg before |\n"
          "|---|---|---|---|---|---|---|")
    for name, m in (("Trousse datastore_search", o), ("Datasette table filter", t)):
        print(f"| {name} | {m['requests_per_second']:.1f} | {m['p50_ms']} ms | {m['p99_ms']} ms | "
              f"{m['first_request_s']} s | {m['warm_request_ms']} ms | {m['load_before']} |")
    print("\nper round (ours / Datasette requests/s): " + ", ".join(
        f"{r['ours']['requests_per_second']:.0f} / {r['datasette']['requests_per_second']:.0f}" for r in rounds))
    print(f"\nratio {ratio:.2f}× (target ≥ {TARGET}×, lower p99), same first 100 rows and count: {same} "
          f"({ours['total']:,} matching rows); {results['uptime']}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
