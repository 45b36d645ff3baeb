"""The site's default licence: the one the dataset form offers first (issue #6 §3: the adopted licence)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog.models import Licence
from trousse.portal.catalog.services.checks import deny
from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError
from trousse.portal.core.models import User

# Who besides site admins may set the default licence. Other apps add their own rule (the program app:
# its program leads, who adopt the licence) without catalog importing them.
_AUTHORITIES: list[Callable[[User | None], bool]] = []


def register_default_licence_authority(func: Callable[[User | None], bool]) -> Callable[[User | None], bool]:
    """Let the people ``func`` accepts set the default licence too (site admins always may)."""
    if func not in _AUTHORITIES:
        _AUTHORITIES.append(func)
    return func


def can_set_default_licence(user: User | None) -> bool:
    """Return whether ``user`` may choose the catalogue's default licence."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser) or any(func(user) for func in _AUTHORITIES)


def default_licence() -> Licence | None:
    """Return the catalogue's default licence, or None when none was chosen."""
    return Licence.objects.filter(is_default=True).first()


@transaction.atomic
def set_default_licence(actor: User, licence: Licence | str, *, comment: str = "",
                        text_urls: tuple[str, str] | None = None) -> Licence:
    """Make ``licence`` (a row or its code) the catalogue's default licence, with an audit record.

    ``text_urls`` (English, French) points the licence at its text, for a licence whose text only
    the site knows: the municipality's own OGL, whose adoption the policy kit publishes.
    """
    if not can_set_default_licence(actor):
        raise deny()
    if isinstance(licence, str):
        found = Licence.objects.filter(code=licence).first()
        if found is None:
            raise DomainError(_("Unknown licence."), code="unknown_licence", field="licence")
        licence = found
    before = Licence.objects.select_for_update().filter(is_default=True).first()
    if before is not None and before.pk != licence.pk:
        Licence.objects.filter(pk=before.pk).update(is_default=False)
    changes: dict[str, list[str | None]] = {"default_licence": [before.code if before else None, licence.code]}
    update: dict[str, object] = {"is_default": True}
    if text_urls is not None:
        update.update(url_en=text_urls[0], url_fr=text_urls[1])
        changes.update(audit.diff({"url_en": licence.url_en, "url_fr": licence.url_fr},
                                  {"url_en": text_urls[0], "url_fr": text_urls[1]}))
    Licence.objects.filter(pk=licence.pk).update(**update)
    for field, value in update.items():
        setattr(licence, field, value)
    audit.record(actor, "licence.default", licence, comment=comment, changes=changes)
    return licence
