"""The sample town's fixed "today": every date in the data is relative to it, never to the clock."""

from __future__ import annotations

import datetime as dt

REFERENCE_DATE = dt.date(2026, 10, 31)

# 06:00 Atlantic Daylight Time (UTC-3): when the nightly extracts of the reference day finished.
REFERENCE_TIME = dt.datetime(2026, 10, 31, 9, 0, tzinfo=dt.UTC)


def days_before(days: int, *, hour_utc: int = 9) -> dt.datetime:
    """Return the UTC moment ``days`` before the reference day, at ``hour_utc``."""
    moment = REFERENCE_TIME - dt.timedelta(days=days)
    return moment.replace(hour=hour_utc)
