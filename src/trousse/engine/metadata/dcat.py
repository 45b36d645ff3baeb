"""DCAT-AP 3.0.1 export: our catalogue and datasets as an RDF graph, in Turtle, JSON-LD or RDF/XML.

URIs, relative to the portal's ``base_url``:

* catalogue ``{base_url}/catalog``; its publisher ``{base_url}/#publisher`` unless given;
* dataset ``{base_url}/dataset/{slug}`` (also its landing page);
* distribution ``{base_url}/dataset/{slug}/resource/{n}`` (``n`` counts resources from 1);
* organization ``{base_url}/organization/{slug}``.

Every bilingual value becomes one literal per language (``@en``, ``@fr``); a blank
side is left out. Controlled values point at the EU Publications Office authority
tables (see ``vocabularies``).

DCAT-AP 3.0.1's SHACL shapes check ``sh:class`` on every object without inference
(``shared/standards/check/README.md``; ``shared/reference/standards.md`` §2.2), so
every vocabulary IRI we reference is typed in the graph itself: frequencies
``dct:Frequency``, themes ``skos:Concept``, languages ``dct:LinguisticSystem``,
licences ``dct:LicenseDocument``, access rights ``dct:RightsStatement``, media types
``dct:MediaType``, file types ``dct:MediaTypeOrExtent`` and pages ``foaf:Document``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdf_namespaces

from trousse.engine.metadata.datajson import FileUrl
from trousse.engine.metadata.licences import LICENCES, licence_title, licence_url
from trousse.engine.metadata.model import LANGUAGES, DatasetMeta, LocalizedText, OrganizationMeta
from trousse.engine.metadata.rdf_writer import WRITERS, TripleSet
from trousse.engine.metadata.vocabularies import (
    ACCESS_LEVELS,
    EU_AUTHORITY,
    FORMATS,
    FREQUENCIES,
    RESOURCE_LANGUAGES,
    THEMES,
)


class _Terms:
    """A namespace whose terms are made once: rdflib builds (and checks) a new URIRef on every access,
    which was a fifth of a catalogue page's time."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = URIRef(getattr(self._namespace, name))
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self.__getattr__(name)

    def __str__(self) -> str:
        return str(self._namespace)


DCAT = _Terms(rdf_namespaces.DCAT)
DCTERMS = _Terms(rdf_namespaces.DCTERMS)
FOAF = _Terms(rdf_namespaces.FOAF)
RDF = _Terms(rdf_namespaces.RDF)
SKOS = _Terms(rdf_namespaces.SKOS)
XSD = _Terms(rdf_namespaces.XSD)
VCARD = _Terms(Namespace("http://www.w3.org/2006/vcard/ns#"))
HYDRA = _Terms(Namespace("http://www.w3.org/ns/hydra/core#"))
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
EU_DATA_THEMES = URIRef(f"{EU_AUTHORITY}data-theme")

# The EU data-theme labels (DCAT-AP's skos:Concept shape requires a skos:prefLabel), as the
# Publications Office publishes them; vocabularies.THEMES holds only the codes.
# fmt: off
EU_DATA_THEME_LABELS: dict[str, LocalizedText] = {
    "AGRI": LocalizedText("Agriculture, fisheries, forestry and food",
                          "Agriculture, pêche, sylviculture et alimentation"),
    "ECON": LocalizedText("Economy and finance", "Économie et finances"),
    "EDUC": LocalizedText("Education, culture and sport", "Éducation, culture et sport"),
    "ENER": LocalizedText("Energy", "Énergie"),
    "ENVI": LocalizedText("Environment", "Environnement"),
    "GOVE": LocalizedText("Government and public sector", "Gouvernement et secteur public"),
    "HEAL": LocalizedText("Health", "Santé"),
    "INTR": LocalizedText("International issues", "Questions internationales"),
    "JUST": LocalizedText("Justice, legal system and public safety",
                          "Justice, système juridique et sécurité publique"),
    "REGI": LocalizedText("Regions and cities", "Régions et villes"),
    "SOCI": LocalizedText("Population and society", "Population et société"),
    "TECH": LocalizedText("Science and technology", "Science et technologie"),
    "TRAN": LocalizedText("Transport", "Transports"),
}
# fmt: on

# serialize() accepts these names; the values are rdflib's serializer names.
FORMAT_NAMES: dict[str, str] = {
    "turtle": "turtle",
    "ttl": "turtle",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "xml": "xml",
    "rdf": "xml",
    "rdf/xml": "xml",
}

# Media types of what serialize() returns, for the feeds' Content-Type.
MEDIA_TYPES: dict[str, str] = {
    "turtle": "text/turtle",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}


@dataclass(frozen=True)
class CatalogMeta:
    """What DCAT-AP says about the catalogue itself: the portal, who runs it and in which languages."""

    title: LocalizedText
    description: LocalizedText
    publisher: LocalizedText  # the municipality's name, e.g. "Town of Maple Point"
    homepage: str  # the portal's home page
    languages: tuple[str, ...] = LANGUAGES  # codes from vocabularies.RESOURCE_LANGUAGES
    publisher_uri: str = ""  # blank: {base_url}/#publisher
    # The municipal Open Government Licence page (licence "ogl-municipal"); blank leaves
    # dct:license off distributions under that licence rather than invent a URL.
    licence_url: LocalizedText = LocalizedText()


def catalog_graph(
    catalog: CatalogMeta,
    datasets: Iterable[DatasetMeta],
    *,
    base_url: str,
    organizations: Iterable[OrganizationMeta] = (),
    file_url: FileUrl | None = None,
) -> Graph:
    """Return the DCAT-AP graph of the catalogue and every dataset (as ``catalog_triples``), as an rdflib Graph."""
    return catalog_triples(catalog, datasets, base_url=base_url, organizations=organizations,
                           file_url=file_url).to_graph()


def catalog_triples(
    catalog: CatalogMeta,
    datasets: Iterable[DatasetMeta],
    *,
    base_url: str,
    organizations: Iterable[OrganizationMeta] = (),
    file_url: FileUrl | None = None,
) -> TripleSet:
    """Return the DCAT-AP triples of the catalogue and every dataset in ``datasets``.

    ``organizations`` names each dataset's publisher; a dataset whose organization is
    not among them is published by the catalogue's publisher. The caller chooses
    which datasets to pass (published ones, one page of them). ``file_url(base_url,
    dataset, resource)`` gives a stored file's download address (``dcat:downloadURL``);
    without it, or for data that is not public, a file is reached through its dataset page.
    """
    base = base_url.rstrip("/")
    orgs = {org.slug: org for org in organizations}
    graph = _new_graph()
    node = URIRef(f"{base}/catalog")
    graph.add((node, RDF.type, DCAT.Catalog))
    _add_text(graph, node, DCTERMS.title, catalog.title)
    _add_text(graph, node, DCTERMS.description, catalog.description)
    graph.add((node, DCTERMS.publisher, _catalog_publisher(graph, catalog, base)))
    graph.add((node, FOAF.homepage, _document(graph, catalog.homepage)))
    for code in catalog.languages:
        for language in _languages(graph, code):
            graph.add((node, DCTERMS.language, language))
    graph.add((node, DCAT.themeTaxonomy, EU_DATA_THEMES))
    graph.add((EU_DATA_THEMES, RDF.type, SKOS.ConceptScheme))
    # The shape requires a title; this is the EU table's own (English) name, not one of our fields.
    graph.add((EU_DATA_THEMES, DCTERMS.title, Literal("Data theme", lang="en")))
    latest: dt.datetime | None = None
    for dataset in datasets:
        graph.add((node, DCAT.dataset, _add_dataset(graph, catalog, dataset, base, orgs, file_url)))
        if dataset.modified and (latest is None or _comparable(dataset.modified) > _comparable(latest)):
            latest = dataset.modified
    if latest is not None:
        graph.add((node, DCTERMS.modified, _datetime(latest)))
    return graph


def dataset_graph(
    catalog: CatalogMeta,
    dataset: DatasetMeta,
    *,
    base_url: str,
    organizations: Iterable[OrganizationMeta] = (),
    file_url: FileUrl | None = None,
) -> Graph:
    """Return the DCAT-AP graph of one dataset (as ``dataset_triples``), as an rdflib Graph."""
    return dataset_triples(catalog, dataset, base_url=base_url, organizations=organizations,
                           file_url=file_url).to_graph()


def dataset_triples(
    catalog: CatalogMeta,
    dataset: DatasetMeta,
    *,
    base_url: str,
    organizations: Iterable[OrganizationMeta] = (),
    file_url: FileUrl | None = None,
) -> TripleSet:
    """Return the DCAT-AP triples of one dataset and its distributions (no dcat:Catalog node)."""
    graph = _new_graph()
    orgs = {org.slug: org for org in organizations}
    _add_dataset(graph, catalog, dataset, base_url.rstrip("/"), orgs, file_url)
    return graph


@dataclass(frozen=True)
class Paging:
    """Where one page of a paginated catalogue sits among the others (blank: no such page)."""

    current: str
    first: str
    last: str
    next: str = ""
    previous: str = ""
    total_items: int = 0
    items_per_page: int = 0


def add_paging(graph: Graph | TripleSet, paging: Paging) -> None:
    """Describe the page as a ``hydra:PagedCollection``, as ckanext-dcat's harvester reads it.

    ckanext-dcat writes the page links as plain literals, with both the current Hydra names
    (``hydra:next``…) and the deprecated ones (``hydra:nextPage``…) its older harvesters follow;
    we write the same, so either generation pages through us unchanged.
    """
    graph.bind("hydra", HYDRA)
    node = URIRef(paging.current)
    graph.add((node, RDF.type, HYDRA.PagedCollection))
    graph.add((node, HYDRA.totalItems, Literal(paging.total_items, datatype=XSD.integer)))
    graph.add((node, HYDRA.itemsPerPage, Literal(paging.items_per_page, datatype=XSD.integer)))
    for name, url in (("first", paging.first), ("last", paging.last), ("next", paging.next),
                      ("previous", paging.previous)):
        if url:
            graph.add((node, HYDRA[name], Literal(url)))
            graph.add((node, HYDRA[f"{name}Page"], Literal(url)))


def serialize(graph: Graph | TripleSet, fmt: str) -> str:
    """Return ``graph`` as text in ``fmt``: "turtle" ("ttl"), "json-ld" ("jsonld") or "xml" ("rdf").

    A TripleSet is written by the fast writers of ``rdf_writer``, a Graph by rdflib's serializers.
    Raises ValueError for any other format.
    """
    name = FORMAT_NAMES.get(fmt.strip().lower())
    if name is None:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {sorted(FORMAT_NAMES)}")
    if isinstance(graph, TripleSet):
        return WRITERS[name](graph)
    return graph.serialize(format=name)


def dataset_uri(base_url: str, slug: str) -> str:
    """Return the URI of a dataset (its landing page too)."""
    return f"{base_url.rstrip('/')}/dataset/{slug}"


def distribution_uri(base_url: str, slug: str, number: int) -> str:
    """Return the URI of a dataset's ``number``-th resource, counting from 1."""
    return f"{dataset_uri(base_url, slug)}/resource/{number}"


# --- Building blocks ----------------------------------------------------------------------


def _new_graph() -> TripleSet:
    graph = TripleSet()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("skos", SKOS),
        ("vcard", VCARD),
        ("xsd", XSD),
    ):
        graph.bind(prefix, namespace)
    return graph


def _add_dataset(
    graph: TripleSet,
    catalog: CatalogMeta,
    dataset: DatasetMeta,
    base: str,
    orgs: Mapping[str, OrganizationMeta],
    file_url: FileUrl | None = None,
) -> URIRef:
    page = dataset_uri(base, dataset.slug)
    node = _iri(page)
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset.slug)))
    _add_text(graph, node, DCTERMS.title, dataset.title)
    _add_text(graph, node, DCTERMS.description, dataset.description)
    graph.add((node, DCAT.landingPage, _document(graph, page)))
    for lang in LANGUAGES:
        for keyword in dataset.keywords.get(lang):
            if keyword.strip():
                graph.add((node, DCAT.keyword, _tagged(keyword.strip(), lang)))
    for eu_code in dict.fromkeys(c for code in dataset.themes for c in THEMES[code].eu_themes):
        theme = _iri(f"{EU_AUTHORITY}data-theme/{eu_code}")
        graph.add((node, DCAT.theme, theme))
        if graph.first_time(theme):
            graph.add((theme, RDF.type, SKOS.Concept))
            graph.add((theme, SKOS.inScheme, EU_DATA_THEMES))
            # An unlabelled code falls back to itself: the shape needs some prefLabel.
            _add_text(graph, theme, SKOS.prefLabel, EU_DATA_THEME_LABELS.get(eu_code, LocalizedText(eu_code)))
    graph.add((node, DCTERMS.publisher, _dataset_publisher(graph, catalog, dataset, base, orgs)))
    contact = _contact_point(graph, dataset)
    if contact is not None:
        graph.add((node, DCAT.contactPoint, contact))
    if dataset.issued:
        graph.add((node, DCTERMS.issued, _datetime(dataset.issued)))
    if dataset.modified:
        graph.add((node, DCTERMS.modified, _datetime(dataset.modified)))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            graph.add((period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date)))
        if dataset.temporal_end:
            graph.add((period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date)))
        graph.add((node, DCTERMS.temporal, period))
    if dataset.spatial:
        place = BNode()
        graph.add((place, RDF.type, DCTERMS.Location))
        _add_text(graph, place, SKOS.prefLabel, dataset.spatial)
        graph.add((node, DCTERMS.spatial, place))
    frequency = _iri(FREQUENCIES[dataset.frequency].eu_uri)
    graph.add((node, DCTERMS.accrualPeriodicity, frequency))
    if graph.first_time(frequency):
        graph.add((frequency, RDF.type, DCTERMS.Frequency))
    access = _iri(ACCESS_LEVELS[dataset.access_level].eu_uri)
    graph.add((node, DCTERMS.accessRights, access))
    if graph.first_time(access):
        graph.add((access, RDF.type, DCTERMS.RightsStatement))
    licence = _licence(graph, catalog, dataset.licence)
    for number, resource in enumerate(dataset.resources, start=1):
        dist = _iri(distribution_uri(base, dataset.slug, number))
        graph.add((node, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        _add_text(graph, dist, DCTERMS.title, resource.name)
        _add_text(graph, dist, DCTERMS.description, resource.description)
        # A link is reached at its own address; a file at the download address the portal
        # gives, when the data is public, else through the dataset page (which says how to ask).
        download = ""
        if file_url is not None and resource.path and not resource.url and dataset.access_level == "public":
            download = file_url(base, dataset, resource)
        graph.add((dist, DCAT.accessURL, _iri(resource.url or download or page)))
        if download:
            graph.add((dist, DCAT.downloadURL, _iri(download)))
        fmt = FORMATS.get(resource.format.strip().upper()) if resource.format else None
        if fmt is not None:
            media_type = _iri(f"{IANA_MEDIA_TYPES}{fmt.media_type}")
            graph.add((dist, DCAT.mediaType, media_type))
            if graph.first_time(media_type):
                graph.add((media_type, RDF.type, DCTERMS.MediaType))
            if fmt.eu_uri:
                file_type = _iri(fmt.eu_uri)
                graph.add((dist, DCTERMS.format, file_type))
                if graph.first_time(file_type):
                    graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        for language in _languages(graph, resource.language):
            graph.add((dist, DCTERMS.language, language))
        if licence is not None:
            graph.add((dist, DCTERMS.license, licence))
    return node


def _add_text(graph: TripleSet, node: URIRef | BNode, predicate: URIRef, text: LocalizedText) -> None:
    """Add one language-tagged literal per non-blank language."""
    for lang in LANGUAGES:
        value = text.get(lang).strip()
        if value:
            graph.add((node, predicate, _tagged(value, lang)))


@lru_cache(maxsize=8192)
def _iri(value: str) -> URIRef:
    # Vocabulary, licence and publisher IRIs repeat on every dataset; rdflib checks each new IRI
    # character by character, which was a third of building a page.
    return URIRef(value)


@lru_cache(maxsize=4096)
def _tagged(value: str, lang: str) -> Literal:
    # Names, labels and keywords repeat across a page's datasets; a Literal is costly to build.
    return Literal(value, lang=lang)


def _document(graph: TripleSet, url: str) -> URIRef:
    node = _iri(url)
    graph.add((node, RDF.type, FOAF.Document))
    return node


def _languages(graph: TripleSet, code: str) -> list[URIRef]:
    """Return the typed EU language IRIs for a RESOURCE_LANGUAGES code (none for zxx or unknown)."""
    entry = RESOURCE_LANGUAGES.get(code)
    nodes = [_iri(uri) for uri in entry.eu_uris] if entry else []
    for node in nodes:
        if graph.first_time(node):
            graph.add((node, RDF.type, DCTERMS.LinguisticSystem))
    return nodes


def _agent(graph: TripleSet, node: URIRef | BNode, name: LocalizedText) -> URIRef | BNode:
    if graph.first_time(node):
        graph.add((node, RDF.type, FOAF.Agent))
        _add_text(graph, node, FOAF.name, name)
    return node


def _catalog_publisher(graph: TripleSet, catalog: CatalogMeta, base: str) -> URIRef | BNode:
    return _agent(graph, _iri(catalog.publisher_uri or f"{base}/#publisher"), catalog.publisher)


def _dataset_publisher(
    graph: TripleSet,
    catalog: CatalogMeta,
    dataset: DatasetMeta,
    base: str,
    orgs: Mapping[str, OrganizationMeta],
) -> URIRef | BNode:
    # DatasetMeta.publisher is set only when someone other than the organization publishes.
    if dataset.publisher:
        return _agent(graph, BNode(), dataset.publisher)
    org = orgs.get(dataset.organization)
    if org is not None and org.name:
        node = _agent(graph, _iri(f"{base}/organization/{org.slug}"), org.name)
        if org.website:
            graph.add((node, FOAF.homepage, _document(graph, org.website)))
        return node
    return _catalog_publisher(graph, catalog, base)


def _contact_point(graph: TripleSet, dataset: DatasetMeta) -> BNode | None:
    contact = dataset.contact
    if not (contact.name.strip() or contact.email.strip()):
        return None
    node = BNode()
    graph.add((node, RDF.type, VCARD.Kind))
    if contact.name.strip():
        graph.add((node, VCARD.fn, Literal(contact.name.strip())))
    if contact.email.strip():
        graph.add((node, VCARD.hasEmail, _iri(f"mailto:{contact.email.strip()}")))
    return node


def _licence(graph: TripleSet, catalog: CatalogMeta, code: str) -> URIRef | None:
    """Return the typed licence IRI (its English text's URL, else the French one), or None."""
    if code not in LICENCES:
        return None
    url = licence_url(code, "en", catalog.licence_url) or licence_url(code, "fr", catalog.licence_url)
    if not url:
        return None
    node = _iri(url)
    if not graph.first_time(node):
        return node
    graph.add((node, RDF.type, DCTERMS.LicenseDocument))
    if LICENCES[code].is_template and not catalog.publisher:
        return node  # the title needs the municipality's name
    for lang in LANGUAGES:
        graph.add((node, DCTERMS.title, Literal(licence_title(code, lang, catalog.publisher), lang=lang)))
    return node


def _datetime(value: dt.datetime) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.dateTime)


def _comparable(value: dt.datetime) -> dt.datetime:
    # Naive datetimes are taken as UTC so that aware and naive values can be compared.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
