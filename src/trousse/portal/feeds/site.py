"""What the feeds say about the portal itself: its addresses, its name and the catalogue record."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from trousse.engine.metadata.dcat import CatalogMeta
from trousse.engine.metadata.model import LocalizedText
from trousse.portal.catalog.models import Licence

MUNICIPAL_LICENCE = "ogl-municipal"


def base_url() -> str:
    """Return the portal's public root (``site_url``): feeds name things by it, whatever host was asked."""
    # Identifiers must not change with the host a harvester happened to use (an internal name, a
    # proxy's address): DCAT URIs and data.json identifiers are the site's declared public address.
    return settings.SITE_URL.rstrip("/")


def municipality() -> LocalizedText:
    """Return the municipality's name in both languages (a blank side takes the other one)."""
    en, fr = settings.SITE["municipality_en"].strip(), settings.SITE["municipality_fr"].strip()
    return LocalizedText(en or fr, fr or en)


def municipal_licence_url() -> LocalizedText:
    """Return the address of the municipality's own licence (the ``ogl-municipal`` row's URLs)."""
    licence = Licence.objects.filter(code=MUNICIPAL_LICENCE).only("url_en", "url_fr").first()
    return LocalizedText(licence.url_en, licence.url_fr) if licence is not None else LocalizedText()


def catalog_meta() -> CatalogMeta:
    """Return the DCAT catalogue record of this site, from its settings."""
    return _catalog_meta(base_url(), municipality(), municipal_licence_url())


@lru_cache(maxsize=8)
def _catalog_meta(base: str, name: LocalizedText, licence_url: LocalizedText) -> CatalogMeta:
    en, fr = name.en or "Trousse", name.fr or "Trousse"
    return CatalogMeta(
        title=LocalizedText(f"{en} open data", f"Données ouvertes – {fr}"),
        description=LocalizedText(f"Open datasets published by {en}.",
                                  f"Jeux de données ouverts publiés par {fr}."),
        publisher=LocalizedText(en, fr),
        homepage=f"{base}/",
        licence_url=licence_url,
    )
