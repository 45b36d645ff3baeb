"""The licence registry: the licences a dataset may carry, with their standard identifiers.

Sources (all under ``shared/standards``, and checked against them by the tests):

* ``ckan-canada/licenses.json`` (open-data/ckanext-canada, MIT / Crown copyright): the
  Canadian portal's ids, bilingual titles and URLs for the federal, provincial and
  territorial Open Government Licences.
* ``licenses/spdx/licenses.json`` (SPDX License List 3.27.0, CC0): SPDX ids.
* ``licenses/opendefinition/all.json`` (okfn/licenses, PDDL): Open Definition conformance.

``od_conformance`` is what the Open Definition list says ("approved" or "not reviewed").
``is_open`` is our classification, following ``licenses/spdx/open-data-subset.json``: a
licence the Open Definition approves, or an Open Government Licence it has not reviewed
but which grants the same freedoms as the approved OGL–Canada 2.0 it is modelled on.

Titles follow each government's own spelling with an en dash ("Open Government Licence –
Ontario"); ``licenses.json`` mixes hyphens and en dashes for the same name.

``ogl-municipal`` is the municipality's own OGL variant: its title is a template filled
with the municipality's name, and its URL is the portal's licence page, which only the
portal knows (pass it to ``licence_url``).
"""

from __future__ import annotations

from dataclasses import dataclass

from trousse.engine.metadata.model import LocalizedText
from trousse.engine.metadata.vocabularies import label_sort_key

MUNICIPALITY_PLACEHOLDER = "{municipality}"


@dataclass(frozen=True)
class Licence:
    """A licence, its reference text and how it maps to SPDX, the Open Definition and CKAN Canada."""

    code: str
    title: LocalizedText  # may contain "{municipality}" (see is_template)
    url: LocalizedText  # the licence text; blank for ogl-municipal (the portal supplies it)
    spdx_id: str | None
    od_conformance: str  # "approved" or "not reviewed", as in the Open Definition list
    is_open: bool
    attribution: bool  # reusers must credit the licensor
    share_alike: bool  # derived works must carry the same licence
    canada_id: str | None  # id in the Canadian portal's licenses.json

    @property
    def is_template(self) -> bool:
        return MUNICIPALITY_PLACEHOLDER in self.title.en


def _t(en: str, fr: str) -> LocalizedText:
    return LocalizedText(en=en, fr=fr)


def _ogl(
    code: str,
    place_en: str,
    place_fr: str,
    url_en: str,
    url_fr: str,
    canada_id: str,
    title: LocalizedText | None = None,
) -> Licence:
    # Every provincial and territorial OGL follows OGL–Canada 2.0: attribution, no share-alike.
    return Licence(
        code=code,
        title=title
        or _t(f"Open Government Licence – {place_en}", f"Licence du gouvernement ouvert – {place_fr}"),
        url=_t(url_en, url_fr),
        spdx_id=None,
        od_conformance="not reviewed",
        is_open=True,
        attribution=True,
        share_alike=False,
        canada_id=canada_id,
    )


_REGISTRY: tuple[Licence, ...] = (
    Licence(
        code="ogl-municipal",
        title=_t(
            f"Open Government Licence – {MUNICIPALITY_PLACEHOLDER}",
            f"Licence du gouvernement ouvert – {MUNICIPALITY_PLACEHOLDER}",
        ),
        url=_t("", ""),
        spdx_id=None,
        # The Open Definition has not reviewed municipal variants; they are OGL–Canada 2.0
        # with the licensor's name changed. A municipality that edits the terms must re-check.
        od_conformance="not reviewed",
        is_open=True,
        attribution=True,
        share_alike=False,
        canada_id=None,
    ),
    Licence(
        code="ogl-canada-2.0",
        title=_t("Open Government Licence – Canada", "Licence du gouvernement ouvert – Canada"),
        url=_t(
            "https://open.canada.ca/en/open-government-licence-canada",
            "https://open.canada.ca/fr/licence-du-gouvernement-ouvert-canada",
        ),
        spdx_id="OGL-Canada-2.0",
        od_conformance="approved",
        is_open=True,
        attribution=True,
        share_alike=False,
        canada_id="ca-ogl-lgo",
    ),
    # Provincial and territorial OGLs, in the order of ckan-canada/licenses.json. Versions
    # appear in a code only where we know them (Ontario 1.0, British Columbia 2.0):
    # licenses.json gives no version numbers.
    _ogl(
        "ogl-alberta",
        "Alberta",
        "Alberta",
        "https://open.alberta.ca/licence",
        "https://open.alberta.ca/licence",
        "ab-ogla",
    ),
    _ogl(
        "ogl-bc-2.0",
        "British Columbia",
        "Colombie-Britannique",
        "https://www2.gov.bc.ca/gov/content/data/open-data/open-government-licence-bc",
        "https://www2.gov.bc.ca/gov/content/data/open-data/open-government-licence-bc",
        "bc-oglbc",
    ),
    _ogl(
        "ogl-newfoundland-labrador",
        "Newfoundland and Labrador",
        "Terre-Neuve-et-Labrador",
        "https://opendata.gov.nl.ca/public/opendata/page/?page-id=licence",
        "https://opendata.gov.nl.ca/public/opendata/page/?page-id=licence",
        "nl-oglnl",
    ),
    _ogl(
        "ogl-nova-scotia",
        "Nova Scotia",
        "Nouvelle-Écosse",
        "https://novascotia.ca/opendata/licence.asp",
        "https://novascotia.ca/opendata/licence.asp",
        "ns-oglns",
    ),
    _ogl(
        "ogl-ontario-1.0",
        "Ontario",
        "Ontario",
        "https://www.ontario.ca/page/open-government-licence-ontario",
        "https://www.ontario.ca/fr/page/licence-du-gouvernement-ouvert-Ontario",
        "on-oglo",
    ),
    _ogl(
        "ogl-pei",
        "Prince Edward Island",
        "Île-du-Prince-Édouard",
        "https://www.princeedwardisland.ca/en/information/finance/open-government-licence-prince-edward-island",
        "https://www.princeedwardisland.ca/fr/information/finances/"
        "licence-du-gouvernement-ouvert-ile-du-prince-edouard",
        "pei-oglpei",
    ),
    # licenses.json gives http:// for New Brunswick; we use https:// on the same host and
    # path, which we could not check offline.
    _ogl(
        "ogl-new-brunswick",
        "New Brunswick",
        "Nouveau-Brunswick",
        "https://www.snb.ca/e/2000/data-E.html",
        "https://www.snb.ca/f/2000/data-F.html",
        "nb-oglnb",
    ),
    _ogl(
        "ogl-yukon",
        "Yukon",
        "Yukon",
        "https://open.yukon.ca/open-government-licence-yukon",
        "https://open.yukon.ca/fr/gouvernement-ouvert-licence-du-yukon",
        "yk-oglyk",
    ),
    _ogl(
        "ogl-northwest-territories",
        "Northwest Territories",
        "Territoires du Nord-Ouest",
        "https://www.gov.nt.ca/en/open-government-licence-northwest-territories",
        "https://www.gov.nt.ca/fr/open-government-licence-northwest-territories",
        "nwt-tno",
        # The Northwest Territories word their title differently; this is licenses.json's.
        title=_t(
            "Open Government Licence Northwest Territories",
            "Licence de gouvernement ouvert Territoires du Nord-Ouest",
        ),
    ),
    # Québec's portal licence (licenses.json "qc-cc-by") is CC BY 4.0 itself, so it is not
    # listed separately: a Québec municipality picks cc-by-4.0.
    Licence(
        code="cc-by-4.0",
        title=_t(
            "Creative Commons Attribution 4.0 International", "Creative Commons Attribution 4.0 International"
        ),
        url=_t(
            "https://creativecommons.org/licenses/by/4.0/",
            "https://creativecommons.org/licenses/by/4.0/deed.fr",
        ),
        spdx_id="CC-BY-4.0",
        od_conformance="approved",
        is_open=True,
        attribution=True,
        share_alike=False,
        canada_id=None,
    ),
    Licence(
        code="cc0-1.0",
        title=_t(
            "CC0 1.0 Universal (public domain dedication)",
            "CC0 1.0 universel (transfert dans le domaine public)",
        ),
        url=_t(
            "https://creativecommons.org/publicdomain/zero/1.0/",
            "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
        ),
        spdx_id="CC0-1.0",
        od_conformance="approved",
        is_open=True,
        attribution=False,
        share_alike=False,
        canada_id=None,
    ),
    Licence(
        code="odbl-1.0",
        title=_t(
            "Open Data Commons Open Database License (ODbL) 1.0",
            "Licence ouverte de bases de données Open Data Commons (ODbL) 1.0",
        ),
        url=_t(
            "https://opendatacommons.org/licenses/odbl/1-0/", "https://opendatacommons.org/licenses/odbl/1-0/"
        ),
        spdx_id="ODbL-1.0",
        od_conformance="approved",
        is_open=True,
        attribution=True,
        share_alike=True,
        canada_id=None,
    ),
    Licence(
        code="pddl-1.0",
        title=_t(
            "Open Data Commons Public Domain Dedication and License (PDDL) 1.0",
            "Dédicace et licence du domaine public Open Data Commons (PDDL) 1.0",
        ),
        url=_t(
            "https://opendatacommons.org/licenses/pddl/1-0/", "https://opendatacommons.org/licenses/pddl/1-0/"
        ),
        spdx_id="PDDL-1.0",
        od_conformance="approved",
        is_open=True,
        attribution=False,
        share_alike=False,
        canada_id=None,
    ),
)

LICENCES: dict[str, Licence] = {licence.code: licence for licence in _REGISTRY}


def licence_title(code: str, lang: str, municipality: str | LocalizedText = "") -> str:
    """Return the licence's title in ``lang``, filling in the municipality for ``ogl-municipal``.

    ``municipality`` may be a LocalizedText ("City of Greater Sudbury" / "Ville du
    Grand Sudbury"); its ``lang`` side is used, or the other side when blank. Raises
    KeyError for an unknown code and ValueError when a template has no municipality.
    """
    title = LICENCES[code].title.get(lang)
    if MUNICIPALITY_PLACEHOLDER not in title:
        return title
    name = municipality.pick(lang)[0] if isinstance(municipality, LocalizedText) else municipality.strip()
    if not name:
        raise ValueError(f"licence {code!r} needs the municipality's name")
    return title.replace(MUNICIPALITY_PLACEHOLDER, name)


def licence_url(code: str, lang: str, municipal_url: str | LocalizedText = "") -> str:
    """Return the URL of the licence text in ``lang``; ``municipal_url`` serves ``ogl-municipal``.

    Returns "" when the licence has no registered URL and none was given.
    """
    licence = LICENCES[code]
    if licence.is_template:
        if isinstance(municipal_url, LocalizedText):
            return municipal_url.pick(lang)[0]
        return municipal_url.strip()
    return licence.url.get(lang)


def licence_choices(lang: str, municipality: str | LocalizedText = "") -> list[tuple[str, str]]:
    """Return (code, title) pairs sorted by title in ``lang``; without a municipality, omit ogl-municipal."""
    named = bool(municipality.strip() if isinstance(municipality, str) else municipality)
    pairs = []
    for licence in _REGISTRY:
        if licence.is_template and not named:
            continue
        pairs.append((licence.code, licence_title(licence.code, lang, municipality)))
    return sorted(pairs, key=lambda pair: label_sort_key(pair[1]))


def licence_for_spdx(spdx_id: str) -> Licence | None:
    """Return the licence with SPDX id ``spdx_id`` (case-insensitive), or None."""
    wanted = spdx_id.strip().casefold()
    return next((lic for lic in _REGISTRY if lic.spdx_id and lic.spdx_id.casefold() == wanted), None)


def licence_for_canada_id(canada_id: str) -> Licence | None:
    """Return the licence with the Canadian portal's id ``canada_id``, or None."""
    return next((lic for lic in _REGISTRY if lic.canada_id == canada_id), None)
