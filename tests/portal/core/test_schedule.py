"""Daily jobs start once a day, whatever the number of workers, and a failing job is not retried in a loop."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from trousse.portal.core import schedule
from trousse.portal.core.models import DailyJobRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs():
    calls: list[str] = []
    schedule.register_daily_job("test.counted", lambda: calls.append("counted"))
    yield calls
    schedule.unregister_daily_job("test.counted")
    schedule.unregister_daily_job("test.broken")


def test_a_job_starts_once_per_day(jobs, monkeypatch):
    assert "program.indicator_snapshot" in schedule.daily_jobs()  # the program app registers its snapshot
    monkeypatch.setattr(schedule, "_jobs", {"test.counted": schedule._jobs["test.counted"]})
    assert schedule.run_due_jobs() == ["test.counted"]
    assert schedule.run_due_jobs() == []  # a second worker, or the next pass, the same day
    assert jobs == ["counted"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    assert schedule.run_due_jobs() == ["test.counted"]
    assert jobs == ["counted", "counted"]
    assert DailyJobRun.objects.filter(name="test.counted").count() == 2


def test_a_failing_job_is_logged_and_not_retried_the_same_day(jobs, monkeypatch, caplog):
    def broken() -> None:
        raise RuntimeError("boom")

    schedule.register_daily_job("test.broken", broken)
    monkeypatch.setattr(schedule, "_jobs", {k: schedule._jobs[k] for k in ("test.counted", "test.broken")})
    assert schedule.run_due_jobs() == ["test.counted"]  # the broken one does not stop the others
    assert "daily job test.broken failed" in caplog.text
    assert schedule.run_due_jobs() == []
