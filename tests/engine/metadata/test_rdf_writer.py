"""The fast RDF writers say exactly what rdflib's serializers say: same graph, in every syntax."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from trousse.engine.metadata.dcat import CatalogMeta, Paging, add_paging, catalog_triples, serialize
from trousse.engine.metadata.model import LocalizedText
from trousse.engine.metadata.rdf_writer import TripleSet
from trousse.sample import build_sample_town

BASE = "https://data.maplepoint.example"
# Spelled out: rdflib's closed XSD namespace warns when pytest inspects the module's names.
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
PARSERS = {"turtle": "turtle", "json-ld": "json-ld", "xml": "xml"}


@pytest.fixture(scope="module")
def triples(tmp_path_factory: pytest.TempPathFactory) -> TripleSet:
    town = build_sample_town(tmp_path_factory.mktemp("town"), scale=0.01)
    catalog = CatalogMeta(title=LocalizedText("Open data", "Données ouvertes"),
                          description=LocalizedText("Datasets.", "Jeux de données."), publisher=town.name,
                          homepage=f"{BASE}/")
    found = catalog_triples(catalog, town.datasets, base_url=BASE, organizations=town.organizations,
                            file_url=lambda base, d, r: f"{base}/files/{d.slug}/{r.path.name if r.path else ''}")
    add_paging(found, Paging(current=f"{BASE}/catalog.ttl?page=1", first=f"{BASE}/catalog.ttl?page=1",
                             last=f"{BASE}/catalog.ttl?page=2", next=f"{BASE}/catalog.ttl?page=2",
                             total_items=30, items_per_page=20))
    return found


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "xml"])
def test_fast_writer_output_is_the_same_graph(triples: TripleSet, fmt: str) -> None:
    parsed = Graph().parse(data=serialize(triples, fmt), format=PARSERS[fmt])
    assert len(parsed) == len(triples) > 500
    assert isomorphic(parsed, triples.to_graph())


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "xml"])
def test_awkward_text_and_addresses_survive(fmt: str) -> None:
    found = TripleSet()
    found.bind("dct", DCTERMS)
    subject, node = URIRef("https://example.ca/dataset/a"), BNode()
    nasty = 'Quote " backslash \\ newline\n tab\t <tag> & “curly” été \x01'
    found.add((subject, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")))
    found.add((subject, DCTERMS.title, Literal(nasty, lang="fr")))
    found.add((subject, DCTERMS.description, Literal("plain")))
    found.add((subject, DCTERMS.modified, Literal("2026-01-02T03:04:05", datatype=XSD_DATETIME)))
    found.add((subject, DCTERMS.spatial, node))
    found.add((node, URIRef("http://example.org/other#thing"), URIRef("https://example.ca/a b{c}")))
    parsed = Graph().parse(data=serialize(found, fmt), format=PARSERS[fmt])
    titles = {str(o) for o in parsed.objects(subject, DCTERMS.title)}
    expected = nasty if fmt != "xml" else nasty.replace("\x01", "")  # XML 1.0 cannot hold control characters
    assert titles == {expected}
    assert {str(o) for o in parsed.objects(None, URIRef("http://example.org/other#thing"))} == {
        "https://example.ca/a%20b%7Bc%7D"}
    assert len(parsed) == 6
