"""The guide and launch path's state: the chosen scope, the program leads and the checklist marks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """How far the municipality means to go; it decides which stages and items apply."""

    INITIATIVE = "initiative", _("A small initiative")
    PILOT = "pilot", _("A pilot project")
    PROGRAM = "program", _("A full program")


class ProgramSettings(models.Model):
    """The site's one row of program choices (a Trousse site serves one municipality)."""

    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.PILOT)
    changed = models.DateTimeField(_("changed"), null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("program settings")
        verbose_name_plural = _("program settings")

    def __str__(self) -> str:
        return "program settings"


class ProgramLead(models.Model):
    """A person who leads the open data program: may tick checklist items and change the scope."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_lead")
    added = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ("user__username",)
        verbose_name = _("program lead")
        verbose_name_plural = _("program leads")

    def __str__(self) -> str:
        return self.user.username


class ChecklistMark(models.Model):
    """A checklist item ticked (or unticked) by hand: who, when, and an optional note."""

    item = models.CharField(_("item"), max_length=80, unique=True)
    done = models.BooleanField(_("done"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed = models.DateTimeField(_("changed"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_by_name = models.CharField(max_length=150, blank=True)  # kept if the account is deleted

    class Meta:
        ordering = ("item",)
        verbose_name = _("checklist mark")
        verbose_name_plural = _("checklist marks")

    def __str__(self) -> str:
        return self.item
