"""The licence registry, checked against the Canadian portal, SPDX and Open Definition lists."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from trousse.engine.metadata.licences import (
    LICENCES,
    licence_choices,
    licence_for_canada_id,
    licence_for_spdx,
    licence_title,
    licence_url,
)
from trousse.engine.metadata.model import LocalizedText

STANDARDS = Path(
    os.environ.get("TROUSSE_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared/standards")
)


def _load(relative: str):
    if not STANDARDS.is_dir():
        pytest.skip(f"standards not found at {STANDARDS}")
    return json.loads((STANDARDS / relative).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def canada_licences() -> dict[str, dict]:
    return {entry["id"]: entry for entry in _load("ckan-canada/licenses.json")}


def _same_title(a: str, b: str) -> bool:
    # licenses.json mixes "-" and "–" in the same names; we always write the en dash.
    return " ".join(a.replace("–", "-").split()) == " ".join(b.replace("–", "-").split())


def test_required_licences_are_registered():
    assert {
        "ogl-municipal",
        "ogl-canada-2.0",
        "cc-by-4.0",
        "cc0-1.0",
        "odbl-1.0",
        "pddl-1.0",
        "ogl-ontario-1.0",
        "ogl-bc-2.0",
    } <= set(LICENCES)


def test_titles_are_bilingual():
    for licence in LICENCES.values():
        assert licence.title.en.strip() and licence.title.fr.strip(), licence.code


def test_urls_are_https_and_present_except_for_the_municipal_template():
    for licence in LICENCES.values():
        if licence.is_template:
            assert not licence.url, "the portal supplies the municipal licence URL"
            continue
        for lang in ("en", "fr"):
            assert licence.url.get(lang).startswith("https://"), (licence.code, lang)


def test_flags():
    assert LICENCES["odbl-1.0"].share_alike and LICENCES["odbl-1.0"].attribution
    assert not LICENCES["cc0-1.0"].attribution and not LICENCES["pddl-1.0"].attribution
    assert LICENCES["cc-by-4.0"].attribution and not LICENCES["cc-by-4.0"].share_alike
    assert all(licence.is_open for licence in LICENCES.values())
    assert {licence.od_conformance for licence in LICENCES.values()} <= {"approved", "not reviewed"}


def test_canada_ids_titles_and_urls_match_the_canadian_portal(canada_licences):
    mapped = [licence for licence in LICENCES.values() if licence.canada_id]
    assert len(mapped) >= 8
    assert len({licence.canada_id for licence in mapped}) == len(mapped)
    for licence in mapped:
        upstream = canada_licences[licence.canada_id]
        assert _same_title(licence.title.en, upstream["title"]), licence.code
        assert _same_title(licence.title.fr, upstream["title_fra"]), licence.code
        # Only the scheme may differ (upstream still lists some http:// addresses).
        assert licence.url.en.removeprefix("https://") == upstream["url"].split("://", 1)[1], licence.code
        assert licence.url.fr.removeprefix("https://") == upstream["url_fra"].split("://", 1)[1], licence.code


def test_spdx_ids_exist_and_are_current():
    spdx = {entry["licenseId"]: entry for entry in _load("licenses/spdx/licenses.json")["licenses"]}
    for licence in LICENCES.values():
        if licence.spdx_id:
            assert licence.spdx_id in spdx, licence.code
            assert not spdx[licence.spdx_id]["isDeprecatedLicenseId"], licence.code


def test_open_definition_conformance_matches_the_list():
    od = _load("licenses/opendefinition/all.json")
    subset = {entry["spdx_id"]: entry for entry in _load("licenses/spdx/open-data-subset.json")["licenses"]}
    for licence in LICENCES.values():
        if licence.spdx_id:
            assert od[licence.spdx_id]["od_conformance"] == licence.od_conformance, licence.code
            assert subset[licence.spdx_id]["open"] is licence.is_open, licence.code
        else:
            # No SPDX id: the Open Definition list has not reviewed it either.
            assert licence.od_conformance == "not reviewed", licence.code


def test_municipal_title_is_filled_in():
    assert licence_title("ogl-municipal", "en", municipality="Belle-Rivière") == (
        "Open Government Licence – Belle-Rivière"
    )
    assert licence_title("ogl-municipal", "fr", municipality="Belle-Rivière") == (
        "Licence du gouvernement ouvert – Belle-Rivière"
    )
    sudbury = LocalizedText("City of Greater Sudbury", "Ville du Grand Sudbury")
    assert licence_title("ogl-municipal", "fr", municipality=sudbury).endswith("– Ville du Grand Sudbury")
    assert licence_title("ogl-municipal", "fr", municipality=LocalizedText(en="Moncton")).endswith(
        "– Moncton"
    )
    with pytest.raises(ValueError):
        licence_title("ogl-municipal", "en")
    with pytest.raises(ValueError):
        licence_title("ogl-municipal", "en", municipality=LocalizedText())


def test_other_titles_ignore_the_municipality():
    assert licence_title("cc-by-4.0", "en", municipality="Belle-Rivière") == (
        "Creative Commons Attribution 4.0 International"
    )
    assert licence_title("ogl-canada-2.0", "fr") == "Licence du gouvernement ouvert – Canada"
    with pytest.raises(KeyError):
        licence_title("gpl-3.0", "en")


def test_licence_url():
    assert (
        licence_url("ogl-canada-2.0", "fr")
        == "https://open.canada.ca/fr/licence-du-gouvernement-ouvert-canada"
    )
    assert licence_url("ogl-municipal", "en") == ""
    assert licence_url("ogl-municipal", "en", municipal_url="https://belle-riviere.ca/licence") == (
        "https://belle-riviere.ca/licence"
    )
    pages = LocalizedText("https://br.ca/en/licence", "https://br.ca/fr/licence")
    assert licence_url("ogl-municipal", "fr", municipal_url=pages) == "https://br.ca/fr/licence"


def test_licence_choices():
    without = dict(licence_choices("en"))
    assert "ogl-municipal" not in without and "cc-by-4.0" in without
    with_town = licence_choices("fr", municipality="Belle-Rivière")
    assert ("ogl-municipal", "Licence du gouvernement ouvert – Belle-Rivière") in with_town
    assert len(with_town) == len(LICENCES)


def test_reverse_lookups():
    assert licence_for_spdx("cc-by-4.0") is LICENCES["cc-by-4.0"]
    assert licence_for_spdx("OGL-Canada-2.0") is LICENCES["ogl-canada-2.0"]
    assert licence_for_spdx("GPL-3.0-only") is None
    assert licence_for_canada_id("ca-ogl-lgo") is LICENCES["ogl-canada-2.0"]
    assert licence_for_canada_id("on-oglo") is LICENCES["ogl-ontario-1.0"]
    assert licence_for_canada_id("nope") is None
