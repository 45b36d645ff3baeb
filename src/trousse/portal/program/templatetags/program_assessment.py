"""Template filters for the self-assessment pages: level names and changes in the page language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trousse.portal.core.localized import pick
from trousse.portal.program.assessment.bank import question_bank

register = template.Library()


@register.filter
def level_name(number: int) -> str:
    """Return the name of level ``number`` in the page language ("Defined")."""
    return pick(question_bank().level(int(number)), "name").value


@register.filter
def level_label(number: int) -> str:
    """Return the level's name and number ("Defined (3)")."""
    return _("%(name)s (%(number)d)") % {"name": level_name(number), "number": int(number)}


@register.filter
def level_change(change: int) -> str:
    """Return a level change as words and sign: "+1 level", "−2 levels", "no change"."""
    change = int(change)
    if change == 0:
        return _("no change")
    if change > 0:
        return ngettext("+%(count)d level", "+%(count)d levels", change) % {"count": change}
    # U+2212 MINUS SIGN reads as "minus" to screen readers, unlike a hyphen.
    return ngettext("−%(count)d level", "−%(count)d levels", -change) % {"count": -change}


@register.filter
def answer_to(answers: dict[str, bool], key: str) -> bool | None:
    """Return the stored answer to question ``key`` (True, False or None when unanswered)."""
    return (answers or {}).get(key)
