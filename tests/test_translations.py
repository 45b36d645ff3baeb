"""French is complete: every interface string is extracted, translated, and compiled."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PORTAL = Path(__file__).resolve().parent.parent / "src" / "trousse" / "portal"
APPS = sorted(p.parent.parent.parent.parent for p in PORTAL.glob("*/locale/fr/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _catalogue(app: Path) -> polib.POFile:
    return polib.pofile(str(app / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def _entries(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in po if not e.obsolete}


def test_every_app_with_strings_has_a_french_catalogue() -> None:
    assert {app.name for app in APPS} >= {"core", "catalog"}


# Run `django-admin makemessages` in each folder given, in one process: starting Django takes longer
# than extracting an app's strings.
_EXTRACT = """
import os, sys
import django
from django.core.management import call_command
django.setup()
for folder in sys.argv[1:]:
    os.chdir(folder)
    call_command("makemessages", locale=["fr"], no_location=True, no_obsolete=True, verbosity=0)
"""


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copy every app and re-extract its strings there, as `scripts/i18n extract` would; return the copies' folder."""
    root = tmp_path_factory.mktemp("extracted")
    for app in APPS:
        shutil.copytree(app, root / app.name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run([sys.executable, "-c", _EXTRACT, *(str(root / app.name) for app in APPS)], check=True,
                   capture_output=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "trousse.portal.settings"})
    return root


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_catalogue_matches_the_source(app: Path, extracted: Path) -> None:
    """Re-extract the strings from a copy of the app: the committed catalogue must hold exactly them."""
    fresh, committed = _entries(_catalogue(extracted / app.name)), _entries(_catalogue(app))
    assert fresh - committed == set(), f"strings missing from the catalogue: run scripts/i18n ({app.name})"
    assert committed - fresh == set(), f"stale strings in the catalogue: run scripts/i18n ({app.name})"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_string_is_translated_with_its_placeholders(app: Path) -> None:
    po = _catalogue(app)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    for entry in po.translated_entries():
        pairs = [(entry.msgid, entry.msgstr)] if not entry.msgid_plural else [
            (entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        for source, text in pairs:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)) or (
                # A French singular may spell out "un" instead of the number.
                entry.msgid_plural and set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(source))
            ), f"placeholders differ in {entry.msgid!r}"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_compiled_catalogue_is_current(app: Path) -> None:
    mo_path = app / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), "run scripts/i18n compile"
    po, mo = _catalogue(app), polib.mofile(str(mo_path))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural), (
            f"{mo_path} is stale: run scripts/i18n compile")
