"""`trousse indicators snapshot` on a real site folder."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run, site_env


def test_the_snapshot_command_stores_todays_values(tmp_path: Path) -> None:
    home = tmp_path / "site"
    assert run(["init", str(home)], site_env(home)).returncode == 0
    result = run(["indicators", "snapshot", "--json"], site_env(home))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["published"] == {"value": 0.0, "numerator": None, "denominator": None}
    assert "open_licence" not in values  # a share of no dataset is not measured
    again = run(["indicators", "snapshot"], site_env(home))
    assert again.returncode == 0 and "Indicators stored for today" in again.stdout
