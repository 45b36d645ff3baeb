"""The feed page size is a declared setting with bounds, and the feeds follow it."""

from __future__ import annotations

import pytest

from trousse import config


@pytest.mark.parametrize("raw", ["0", "1001", "-5", "many"])
def test_out_of_range_page_size_is_refused(raw: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(config.ConfigError) as caught:
        config.load({"TROUSSE_HOME": str(tmp_path), "TROUSSE_FEED_PAGE_SIZE": raw})
    assert caught.value.setting == "feed_page_size"


def test_page_size_is_read_from_the_environment(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert config.load({"TROUSSE_HOME": str(tmp_path), "TROUSSE_FEED_PAGE_SIZE": "250"})["feed_page_size"] == 250
    assert config.load({"TROUSSE_HOME": str(tmp_path)})["feed_page_size"] == 100
