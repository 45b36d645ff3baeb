"""Forms of the launch path's staff pages: the scope, a checklist mark and a program lead."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog.forms import StaffForm
from trousse.portal.core.models import User
from trousse.portal.program.guide.services import NOTE_LIMIT
from trousse.portal.program.models_guide import Scope


class ScopeForm(StaffForm):
    scope = forms.ChoiceField(
        label=_("Scope of the program"), choices=Scope.choices, widget=forms.RadioSelect,
        help_text=_("A small initiative: one person, a few datasets. A pilot project: a team, a policy and a "
                    "launch with the community. A full program: staff, budget and yearly reporting. The "
                    "scope decides which stages and checklist items apply."))


class MarkForm(StaffForm):
    action = forms.ChoiceField(choices=[("tick", "tick"), ("untick", "untick")], widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=NOTE_LIMIT,
                           help_text=_("How it was done, or where the proof is kept."))


class LeadForm(StaffForm):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(),
                                  empty_label=_("Choose a person"))

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True, program_lead__isnull=True
                                                           ).order_by("username")
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username)
