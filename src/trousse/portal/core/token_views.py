"""The API token page: a signed-in user creates, lists and revokes their own tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from trousse.portal.core import tokens
from trousse.portal.core.errors import DomainError


def _lifetime_choices() -> list[tuple[int, str]]:
    return [(days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
            for days in tokens.LIFETIMES_DAYS]


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100,
                           help_text=gettext_lazy("Say where the token is used, e.g. “nightly upload script”."))
    lifetime = forms.TypedChoiceField(label=gettext_lazy("Expires after"), coerce=int, choices=_lifetime_choices,
                                      initial=tokens.DEFAULT_LIFETIME_DAYS)


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """List the user's tokens and create a new one; a new secret is shown on this response only."""
    issued = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = tokens.create_token(request.user, form.cleaned_data["name"], form.cleaned_data["lifetime"])
        except DomainError as error:
            form.add_error("name" if error.field in (None, "name") else None, str(error.message))
        else:
            form = TokenForm()
    response = render(request, "core/tokens.html", {
        "form": form, "issued": issued, "tokens": tokens.user_tokens(request.user), "nav": "workspace",
    }, status=400 if form.errors else 200)
    # The page may hold a secret: never let a browser or proxy keep a copy.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    token = tokens.revoke_token(request.user, token_id)
    messages.success(request, _("The token “%(name)s” is revoked; programs using it are now refused.")
                     % {"name": token.name})
    return redirect("core:tokens")
