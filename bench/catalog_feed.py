"""Benchmark the DCAT catalogue feeds (issue 4: /catalog.ttl for 10,000 datasets, each page under 500 ms).

Builds a throw-away site (SQLite in a temporary folder, or the database of TROUSSE_DATABASE_URL, e.g. under
scripts/with-postgres), generates N realistic bilingual datasets with bulk_create (organizations, themes,
licences, keywords in both languages, 1-3 file resources each with a stored version), then fetches the
first, middle and last page of /catalog.ttl, .jsonld and .rdf through Django's test client (the whole
request path: middleware, permissions, queries, mapping, serialization), several times each.

Side by side, on the same page: rdflib alone serializing the already-built graph (the floor any Python
DCAT feed pays, ckanext-dcat included; ckanext-dcat itself needs a CKAN site and cannot run here), and
the 304 answer a harvester gets when nothing changed. Prints a Markdown table; writes bench/out/.

    .venv/bin/python bench/catalog_feed.py                       # 10,000 datasets on SQLite
    scripts/with-postgres .venv/bin/python bench/catalog_feed.py # the same on PostgreSQL
    .venv/bin/python bench/catalog_feed.py --datasets 1000 --runs 3   # a quick check
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 500.0
OUT = Path(__file__).resolve().parent / "out"

# fmt: off
SUBJECTS = [
    ("Street trees", "Arbres de rue"), ("Road closures", "Fermetures de routes"), ("Building permits", "Permis de construire"),
    ("Snow clearing routes", "Itinéraires de déneigement"), ("Parking tickets", "Contraventions de stationnement"),
    ("Water quality samples", "Échantillons de qualité de l'eau"), ("Library loans", "Prêts de bibliothèque"),
    ("Bus stops", "Arrêts d'autobus"), ("Council votes", "Votes du conseil"), ("Park facilities", "Installations des parcs"),
    ("Waste collection", "Collecte des déchets"), ("Fire incidents", "Incidents d'incendie"), ("Bike lanes", "Pistes cyclables"),
    ("Property assessments", "Évaluations foncières"), ("311 service requests", "Demandes de service 311"),
    ("Election results", "Résultats électoraux"), ("Traffic counts", "Comptages de circulation"),
    ("Recreation programs", "Programmes de loisirs"), ("Budget spending", "Dépenses budgétaires"), ("Potholes", "Nids-de-poule"),
]
QUALIFIERS = [("by ward", "par quartier"), ("by month", "par mois"), ("downtown", "au centre-ville"),
              ("citywide", "dans toute la ville"), ("by neighbourhood", "par voisinage"), ("", "")]
ORGANIZATIONS = [("public-works", "Public Works", "Travaux publics"), ("parks", "Parks and Recreation", "Parcs et loisirs"),
                 ("finance", "Finance", "Finances"), ("clerk", "City Clerk", "Greffe"), ("transit", "Transit", "Transport en commun"),
                 ("fire", "Fire Services", "Service des incendies"), ("library", "Public Library", "Bibliothèque publique"),
                 ("planning", "Planning", "Urbanisme"), ("water", "Water Services", "Services de l'eau"),
                 ("police", "Police Services", "Services de police"), ("health", "Public Health", "Santé publique"),
                 ("it", "Information Technology", "Technologies de l'information")]
KEYWORDS = [("trees", "arbres"), ("roads", "routes"), ("permits", "permis"), ("snow", "neige"), ("parking", "stationnement"),
            ("water", "eau"), ("library", "bibliothèque"), ("transit", "transport en commun"), ("council", "conseil"),
            ("parks", "parcs"), ("waste", "déchets"), ("fire", "incendie"), ("cycling", "cyclisme"), ("taxes", "taxes"),
            ("elections", "élections"), ("traffic", "circulation"), ("recreation", "loisirs"), ("budget", "budget"),
            ("environment", "environnement"), ("safety", "sécurité"), ("housing", "logement"), ("health", "santé")]
FORMATS = [("CSV", "text/csv", "csv"), ("GEOJSON", "application/geo+json", "geojson"),
           ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
           ("PDF", "application/pdf", "pdf"), ("JSON", "application/json", "json")]
FREQUENCIES = ["daily", "weekly", "monthly", "quarterly", "annual", "irregular", "unknown"]
# fmt: on


def set_up_site(home: Path) -> None:
    """Point Django at a fresh site folder (SQLite) unless TROUSSE_DATABASE_URL names a database."""
    os.environ["TROUSSE_HOME"] = str(home)
    os.environ.setdefault("TROUSSE_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("TROUSSE_MUNICIPALITY_EN", "Town of Maple Point")
    os.environ.setdefault("TROUSSE_MUNICIPALITY_FR", "Ville de Pointe-aux-Érables")
    os.environ["DJANGO_SETTINGS_MODULE"] = "trousse.portal.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def generate(count: int, seed: int = 4) -> float:
    """Create ``count`` published datasets with bulk_create; return the seconds it took."""
    from django.db import transaction
    from django.utils import timezone

    from trousse.portal.catalog.models import (
        Dataset,
        Licence,
        Organization,
        Resource,
        ResourceVersion,
        Tag,
        Theme,
    )

    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        orgs = Organization.objects.bulk_create([
            Organization(slug=slug, name_en=en, name_fr=fr, email=f"{slug}@maplepoint.example",
                         website=f"https://maplepoint.example/{slug}") for slug, en, fr in ORGANIZATIONS])
        orgs = list(Organization.objects.filter(slug__in=[o[0] for o in ORGANIZATIONS]))
        themes = list(Theme.objects.all())
        licences = list(Licence.objects.filter(code__in=["ogl-canada-2.0", "ogl-municipal", "cc-by-4.0", "cc0-1.0"]))
        words = [(f"{en}", f"{fr}") for en, fr in KEYWORDS] + [(f"{en} {n}", f"{fr} {n}")
                                                                 for en, fr in KEYWORDS for n in range(2020, 2026)]
        Tag.objects.bulk_create([Tag(name=w, lang=lang) for pair in words for lang, w in zip(("en", "fr"), pair, strict=True)],
                                ignore_conflicts=True)
        tags = {(t.lang, t.name): t.pk for t in Tag.objects.all()}
        datasets = []
        for i in range(count):
            (s_en, s_fr), (q_en, q_fr) = rng.choice(SUBJECTS), rng.choice(QUALIFIERS)
            year = rng.randint(2015, 2026)
            start = dt.date(year, 1, 1)
            ward = rng.randint(1, 12)
            roll = rng.random()
            access = "public" if roll < 0.93 else ("restricted" if roll < 0.98 else "non_public")
            modified = now - dt.timedelta(minutes=rng.randint(0, 500_000))
            datasets.append(Dataset(
                slug=f"{s_en.lower().replace(' ', '-')}-{i}",
                organization=rng.choice(orgs),
                title_en=f"{s_en} {q_en} {year}".replace("  ", " "),
                title_fr=f"{s_fr} {q_fr} {year}".replace("  ", " "),
                description_en=f"{s_en} recorded {q_en or 'across the town'} in {year}, published by the town. "
                               "Updated as new records arrive; see the data dictionary for each column.",
                description_fr=f"{s_fr} {q_fr or 'dans toute la ville'} en {year}, publiés par la ville. "
                               "Mis à jour à l'arrivée de nouvelles données; voir le dictionnaire de données.",
                licence=rng.choice(licences), contact_name="Open Data Team", contact_email="open@maplepoint.example",
                spatial_en=f"Ward {ward}, Maple Point", spatial_fr=f"Quartier {ward}, Pointe-aux-Érables",
                temporal_start=start, temporal_end=dt.date(year, 12, 31) if rng.random() < 0.7 else None,
                frequency=rng.choice(FREQUENCIES), access_level=access,
                access_reason_en="" if access == "public" else "Holds information about identifiable people.",
                access_reason_fr="" if access == "public" else "Contient des renseignements sur des personnes.",
                status=Dataset.Status.PUBLISHED, data_modified=modified, published_at=modified - dt.timedelta(days=30),
                sort_title_en=f"{s_en} {year}".lower(), sort_title_fr=f"{s_fr} {year}".lower()))
        datasets = Dataset.objects.bulk_create(datasets, batch_size=1000)
        tag_rows, theme_rows, resources = [], [], []
        for d in datasets:
            for en, fr in rng.sample(words, rng.randint(3, 6)):
                tag_rows += [Dataset.tags.through(dataset_id=d.pk, tag_id=tags[("en", en)]),
                             Dataset.tags.through(dataset_id=d.pk, tag_id=tags[("fr", fr)])]
            theme_rows += [Dataset.themes.through(dataset_id=d.pk, theme_id=t.pk)
                           for t in rng.sample(themes, rng.randint(1, 2))]
            for n in range(rng.randint(1, 3)):
                code, media, ext = rng.choice(FORMATS)
                resources.append(Resource(dataset_id=d.pk, kind="file", name_en=f"{d.title_en} ({code})",
                                          name_fr=f"{d.title_fr} ({code})", format=code, language="en+fr",
                                          position=n))
        Dataset.tags.through.objects.bulk_create(tag_rows, batch_size=5000, ignore_conflicts=True)
        Dataset.themes.through.objects.bulk_create(theme_rows, batch_size=5000)
        resources = Resource.objects.bulk_create(resources, batch_size=1000)
        extension = {code: (media, ext) for code, media, ext in FORMATS}
        versions = []
        for r in resources:
            media, ext = extension[r.format]
            name = f"data-{r.pk}.{ext}"
            versions.append(ResourceVersion(resource_id=r.pk, number=1, file=f"resources/{r.pk}/v1/{name}",
                                            filename=name, size=rng.randint(1_000, 5_000_000), media_type=media,
                                            format=r.format, sha256=hashlib.sha256(name.encode()).hexdigest()))
        versions = ResourceVersion.objects.bulk_create(versions, batch_size=1000)
        for r, v in zip(resources, versions, strict=True):
            r.current_version_id = v.pk
        Resource.objects.bulk_update(resources, ["current_version"], batch_size=1000)
    return time.perf_counter() - started


def timed_get(client, url: str, runs: int, **headers: str) -> tuple[list[float], list[float], int, int]:  # type: ignore[no-untyped-def]
    """GET ``url`` ``runs`` times; return wall and CPU times in ms, the status and the last run's queries.

    The CPU time (this process: Django, the mapping, the writers and SQLite, which runs in-process) says
    what a request costs whatever else the machine is doing; the wall time is what a harvester waits.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu, status, queries = [], [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        status, queries = response.status_code, len(captured)
    return times, cpu, status, queries


def rdflib_floor(number: int, ext: str, runs: int) -> list[float]:
    """Time rdflib's serializer alone on the graph of page ``number`` (built once, outside the timing).

    This is the plain-rdflib baseline: what a feed that builds an rdflib Graph and calls
    ``Graph.serialize`` (as ckanext-dcat does) pays for serialization alone, before any query or mapping.
    """
    from django.conf import settings

    from trousse.engine.metadata.dcat import catalog_triples, serialize
    from trousse.portal.feeds import site
    from trousse.portal.feeds.queries import feed_datasets, page_of
    from trousse.portal.feeds.records import records_for
    from trousse.portal.feeds.views.rdf import EXTENSIONS

    records = records_for(page_of(feed_datasets(None), number, settings.FEED_PAGE_SIZE))
    graph = catalog_triples(site.catalog_meta(), records.datasets, base_url=site.base_url(),
                            organizations=records.organizations, file_url=records.file_url).to_graph()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        serialize(graph, EXTENSIONS[ext])  # an rdflib Graph: rdflib's own serializer
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="fetches of each page (median and worst reported)")
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="trousse-bench-") as home:
        set_up_site(Path(home))
        from django.conf import settings
        from django.db import connection
        from django.test import Client

        seconds = generate(args.datasets)
        client = Client()
        client.get("/catalog.ttl")  # warm imports and caches, as a running server is
        size = settings.FEED_PAGE_SIZE
        from trousse.portal.feeds.queries import feed_datasets

        visible = feed_datasets(None).count()
        last = -(-visible // size)
        pages = {"first": 1, "middle": (last + 1) // 2, "last": last}
        rows, worst = [], 0.0
        for ext in ("ttl", "jsonld", "rdf"):
            for label, number in pages.items():
                times, cpu, status, queries = timed_get(client, f"/catalog.{ext}?page={number}", args.runs)
                assert status == 200, (ext, number, status)
                floor = rdflib_floor(number, ext, args.runs) if label == "middle" else []
                etag = client.get(f"/catalog.{ext}?page={number}")["ETag"]
                cached, _, status304, _ = timed_get(client, f"/catalog.{ext}?page={number}", args.runs,
                                                 HTTP_IF_NONE_MATCH=etag)
                assert status304 == 304
                worst = max(worst, max(times))
                rows.append({"format": ext, "page": f"{label} ({number})", "median_ms": statistics.median(times),
                             "max_ms": max(times), "cpu_ms": statistics.median(cpu), "queries": queries,
                             "rdflib_only_ms": statistics.median(floor) if floor else None,
                             "not_modified_ms": statistics.median(cached)})
        # The unpaged documents, once each: data.json (one document, as data.gov wants) and the streamed
        # Canadian bulk export.
        whole = {}
        for url in ("/data.json", "/catalog/canada.jsonl"):
            started = time.perf_counter()
            response = client.get(url)
            size_bytes = len(b"".join(response.streaming_content) if response.streaming else response.content)
            whole[url] = {"ms": (time.perf_counter() - started) * 1000, "bytes": size_bytes}
    result = {"datasets": args.datasets, "whole_documents": whole, "visible": visible, "page_size": size, "pages": last,
              "generate_seconds": round(seconds, 1), "database": connection.vendor, "runs": args.runs,
              "load_before": [round(x, 2) for x in load], "load_after": [round(x, 2) for x in os.getloadavg()],
              "rows": rows, "target_ms": TARGET_MS, "worst_ms": round(worst, 1)}
    OUT.mkdir(exist_ok=True)
    (OUT / f"catalog-feed-{connection.vendor}.json").write_text(json.dumps(result, indent=2))
    print(f"{args.datasets} datasets ({visible} visible anonymously) on {connection.vendor}, "
          f"generated in {seconds:.1f} s; {size} per page, {last} pages; {args.runs} fetches each; "
          f"load {result['load_before']} -> {result['load_after']}\n")
    print("| format | page | median ms | worst ms | CPU ms | queries | rdflib Graph.serialize alone, ms (ours/it) | 304, ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        floor = f"{r['rdflib_only_ms']:.0f} ({r['median_ms'] / r['rdflib_only_ms']:.2f}×)" if r["rdflib_only_ms"] else ""
        print(f"| {r['format']} | {r['page']} | {r['median_ms']:.0f} | {r['max_ms']:.0f} | {r['cpu_ms']:.0f} | "
              f"{r['queries']} | "
              f"{floor} | {r['not_modified_ms']:.1f} |")
    for url, found in whole.items():
        print(f"\n{url}: {found['ms']:.0f} ms for {found['bytes'] / 1e6:.1f} MB", end="")
    print()
    ok = worst < TARGET_MS
    print(f"\nworst page {worst:.0f} ms: {'under' if ok else 'OVER'} the {TARGET_MS:.0f} ms target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
