"""DCAT-AP export: the sample town's catalogue conforms to the DCAT-AP 3.0.1 SHACL shapes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from trousse.engine.metadata.dcat import (
    CatalogMeta,
    catalog_graph,
    dataset_graph,
    distribution_uri,
    serialize,
)
from trousse.engine.metadata.model import LocalizedText
from trousse.sample import build_sample_town

# The standards live next to the repository (../shared/standards), not in it.
STANDARDS = Path(
    os.environ.get("TROUSSE_STANDARDS_DIR", Path(__file__).resolve().parents[4] / "shared/standards")
)
VALIDATOR = STANDARDS / "check/validate_dcatap.py"
needs_validator = pytest.mark.skipif(
    not VALIDATOR.is_file(), reason=f"DCAT-AP validator not found at {VALIDATOR} (../shared is missing)"
)

BASE = "https://data.maplepoint.example"


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory):
    return build_sample_town(tmp_path_factory.mktemp("town"), scale=0.01)


@pytest.fixture(scope="module")
def catalog(town) -> CatalogMeta:
    return CatalogMeta(
        title=LocalizedText("Maple Point Open Data", "Données ouvertes de Pointe-aux-Érables"),
        description=LocalizedText(
            "Open datasets published by the Town of Maple Point.",
            "Jeux de données ouverts publiés par la Ville de Pointe-aux-Érables.",
        ),
        publisher=town.name,
        homepage=f"{BASE}/",
        licence_url=LocalizedText(f"{BASE}/licence", f"{BASE}/licence"),
    )


@pytest.fixture(scope="module")
def graph(town, catalog) -> Graph:
    return catalog_graph(catalog, town.datasets, base_url=BASE, organizations=town.organizations)


@needs_validator
def test_sample_catalogue_conforms_to_dcat_ap(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "catalog.ttl"
    path.write_text(serialize(graph, "turtle"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Conforms: True" in result.stdout


@needs_validator
def test_single_dataset_graph_conforms(town, catalog, tmp_path: Path) -> None:
    dataset = town.dataset("street-trees")
    graph = dataset_graph(catalog, dataset, base_url=BASE, organizations=town.organizations)
    path = tmp_path / "dataset.jsonld"
    path.write_text(serialize(graph, "json-ld"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), str(path), "--format", "json-ld"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_titles_are_language_tagged_in_both_languages(town, graph: Graph) -> None:
    for dataset in town.datasets:
        node = URIRef(f"{BASE}/dataset/{dataset.slug}")
        titles = set(graph.objects(node, ns.DCTERMS.title))
        assert Literal(dataset.title.en, lang="en") in titles
        assert Literal(dataset.title.fr, lang="fr") in titles
    catalog_titles = {lit.language for lit in graph.objects(URIRef(f"{BASE}/catalog"), ns.DCTERMS.title)}
    assert catalog_titles == {"en", "fr"}


def test_blank_language_is_left_out(town, catalog) -> None:
    from dataclasses import replace

    dataset = replace(town.datasets[0], title=LocalizedText("Only English", ""))
    graph = dataset_graph(catalog, dataset, base_url=BASE)
    titles = list(graph.objects(URIRef(f"{BASE}/dataset/{dataset.slug}"), ns.DCTERMS.title))
    assert titles == [Literal("Only English", lang="en")]


def test_vocabulary_iris_are_typed(graph: Graph) -> None:
    # The SHACL shapes run without inference: an untyped IRI fails sh:class.
    expected = {
        ns.DCTERMS.accrualPeriodicity: ns.DCTERMS.Frequency,
        ns.DCAT.theme: ns.SKOS.Concept,
        ns.DCTERMS.language: ns.DCTERMS.LinguisticSystem,
        ns.DCTERMS.license: ns.DCTERMS.LicenseDocument,
        ns.DCAT.mediaType: ns.DCTERMS.MediaType,
        ns.DCTERMS.format: ns.DCTERMS.MediaTypeOrExtent,
        ns.FOAF.homepage: ns.FOAF.Document,
        ns.DCTERMS.accessRights: ns.DCTERMS.RightsStatement,
    }
    for predicate, cls in expected.items():
        objects = set(graph.objects(None, predicate))
        assert objects, predicate
        for obj in objects:
            assert (obj, ns.RDF.type, cls) in graph, (predicate, obj)


def test_distributions_have_access_urls_and_licences(town, graph: Graph) -> None:
    dataset = town.dataset("street-trees")
    dist = URIRef(distribution_uri(BASE, dataset.slug, 1))
    assert (dist, ns.RDF.type, ns.DCAT.Distribution) in graph
    assert graph.value(dist, ns.DCAT.accessURL) is not None
    assert graph.value(dist, ns.DCTERMS.license) is not None


@pytest.mark.parametrize("fmt", ["json-ld", "xml"])
def test_other_serializations_round_trip(graph: Graph, fmt: str) -> None:
    parsed = Graph().parse(data=serialize(graph, fmt), format=fmt)
    assert len(parsed) == len(graph)


def test_unknown_format_is_refused(graph: Graph) -> None:
    with pytest.raises(ValueError, match="unknown RDF format"):
        serialize(graph, "csv")
