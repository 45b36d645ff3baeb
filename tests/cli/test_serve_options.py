"""`trousse serve`'s gunicorn settings: recycling only where another worker keeps serving."""

from trousse.cli.serve import gunicorn_options


def test_a_single_worker_is_never_recycled_and_several_are_staggered() -> None:
    single = gunicorn_options("127.0.0.1", 8000, 1, 4, 60, "info")
    assert single["max_requests"] == 0  # a restart would stall every request (bench/datastore_vs_datasette.py)
    several = gunicorn_options("127.0.0.1", 8000, 3, 4, 60, "info")
    assert several["max_requests"] > 0 and several["max_requests_jitter"] > 0
