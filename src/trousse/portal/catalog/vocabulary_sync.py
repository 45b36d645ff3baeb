"""Mirror the engine's theme and licence registries into their tables."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from trousse.engine.metadata.licences import LICENCES, licence_title, licence_url
from trousse.engine.metadata.model import LocalizedText
from trousse.engine.metadata.vocabularies import THEMES


def sync_vocabularies(**kwargs: Any) -> None:
    """Create or update Theme and Licence rows from the registries (run after every migrate)."""
    from trousse.portal.catalog.models import Licence, Theme

    using = kwargs.get("using", "default")
    for position, theme in enumerate(THEMES):
        Theme.objects.using(using).update_or_create(code=theme.code, defaults={
            "label_en": theme.label.en, "label_fr": theme.label.fr,
            "description_en": theme.description.en, "description_fr": theme.description.fr,
            "position": position,
        })
    # Until a site names its municipality, the municipal licence reads "– Municipality".
    municipality = LocalizedText(settings.SITE["municipality_en"] or settings.SITE["municipality_fr"] or "Municipality",
                                 settings.SITE["municipality_fr"] or settings.SITE["municipality_en"] or "Municipalité")
    for position, licence in enumerate(LICENCES.values()):
        # The municipal OGL's own text is adopted through the policy kit, which points the row at the
        # portal's licence page (services.licences.set_default_licence); until then, point to OGL–Canada's.
        urls = {lang: licence_url(licence.code, lang) or licence_url("ogl-canada-2.0", lang) for lang in ("en", "fr")}
        defaults = {
            "title_en": licence_title(licence.code, "en", municipality),
            "title_fr": licence_title(licence.code, "fr", municipality),
            "spdx_id": licence.spdx_id or "", "is_open": licence.is_open, "position": position,
        }
        if not licence.is_template:
            defaults.update(url_en=urls["en"], url_fr=urls["fr"])
        row, _created = Licence.objects.using(using).update_or_create(code=licence.code, defaults=defaults)
        if licence.is_template and not (row.url_en or row.url_fr):
            row.url_en, row.url_fr = urls["en"], urls["fr"]
            row.save(using=using, update_fields=["url_en", "url_fr"])
