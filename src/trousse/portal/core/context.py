"""Values every template needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from trousse.portal.core.localized import current_language


def site(request: HttpRequest) -> dict[str, Any]:
    lang = current_language()
    name = settings.SITE[f"municipality_{lang}"] or settings.SITE["municipality_en" if lang == "fr"
                                                                   else "municipality_fr"]
    return {
        "site_name": name or "Trousse",
        "page_lang": lang,
        "other_lang": "en" if lang == "fr" else "fr",
        "other_lang_name": "English" if lang == "fr" else "Français",
        "site_url": settings.SITE_URL,
    }
