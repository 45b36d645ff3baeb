"""The harness itself: axe_check must fail on a page with serious violations."""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_check

pytestmark = pytest.mark.browser

BROKEN = """<!doctype html><html><head><title>Broken</title></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<form><input type="text" name="q"></form>
<p style="color:#eee;background:#fff">Barely visible</p>
</body></html>"""


def test_axe_check_fails_on_serious_violations(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(BROKEN)
        with pytest.raises(pytest.fail.Exception) as failure:
            axe_check(page)
        message = str(failure.value)
        for rule in ("html-has-lang", "image-alt", "label", "color-contrast"):
            assert rule in message
        assert "[critical] image-alt" in message and "at img" in message
    finally:
        context.close()
