"""A browser page on the live server that watches what the site does while a test drives it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Frame, Response

from tests.browser.axe import axe_check

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def path_of(url: str) -> str:
    """Return the path and query of ``url``."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Site:
    """A page in a fresh browser context, watched for foreign requests, console errors and unchecked pages.

    ``visit`` opens a path and runs axe; after a click that lands on a new page, call ``check``.
    ``finish`` (run by the fixture after the test) fails if a page asked another host for anything,
    if the console reported an error, or if the browser landed on a page that axe never saw.
    """

    def __init__(self, context: BrowserContext, base_url: str, test: str = "test") -> None:
        self.context = context
        self.test = test
        self.shots = 0
        self.base_url = base_url.rstrip("/")
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.base_url))
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.navigated: list[str] = []
        self.expected_console: list[re.Pattern[str]] = []
        self.page = context.new_page()
        self.page._trousse_axe_checked = set()  # type: ignore[attr-defined]  # filled by axe_check
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        self.page.on("framenavigated", self._navigated)

    def _navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.navigated.append(frame.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        self.console_errors.append(f"{message.text} ({where})")

    def url(self, path: str) -> str:
        return self.base_url + path

    def visit(self, path: str, *, status: int = 200) -> Response:
        """Open ``path`` on the live server, check its status, run axe; return the response."""
        response = self.page.goto(self.url(path))
        assert response is not None, path
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        if status >= 400:
            self.expect_error_status(status)
        self.check()
        return response

    def expect_error_status(self, status: int) -> None:
        """Accept the console error Chromium logs when a page itself comes with ``status`` (a 404 page, a form
        sent back with errors as 400)."""
        self.expected_console.append(re.compile(rf"status of {status}\b"))

    def arrive(self, path: str) -> None:
        """Wait until a click has brought the browser to ``path`` (query included, fragment ignored); run axe."""
        self.page.wait_for_url(lambda url: path_of(url) == path)
        self.check()

    def check(self) -> None:
        """Run axe on the page the browser is on now (after a click or a form post)."""
        self._keep_a_look()
        axe_check(self.page)

    def screenshot(self, name: str) -> None:
        """Save the viewport as docs/screenshots/<name>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

    def _keep_a_look(self) -> None:
        # TROUSSE_BROWSER_SHOTS=DIR keeps a full-page screenshot of every page checked, to look at by eye.
        folder = os.environ.get("TROUSSE_BROWSER_SHOTS")
        if folder:
            self.shots += 1
            name = re.sub(r"[^a-z0-9]+", "-", path_of(self.page.url).lower()).strip("-") or "root"
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{self.test}-{self.shots:02d}-{name}.png"),
                                 full_page=True)

    def finish(self) -> None:
        """Fail on foreign requests, console errors and pages visited without axe."""
        foreign = [u for u in self.requests
                   if not (u.startswith((self.origin + "/", "data:", "blob:")) or u == self.origin)]
        assert not foreign, "pages requested other hosts than the live server:\n  " + "\n  ".join(foreign)
        # A same-page anchor (the skip link) is no new page: compare addresses without fragments.
        checked = {u.split("#", 1)[0] for u in self.page._trousse_axe_checked}  # type: ignore[attr-defined]
        unchecked = [u for u in dict.fromkeys(v.split("#", 1)[0] for v in self.navigated)
                     if u != "about:blank" and u not in checked]
        assert not unchecked, "pages visited without axe_check:\n  " + "\n  ".join(unchecked)
        errors = [e for e in self.console_errors if not any(p.search(e) for p in self.expected_console)]
        assert not errors, "the browser console reported errors:\n  " + "\n  ".join(errors)
