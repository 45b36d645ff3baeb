"""Privacy gate state: stewards' settings per resource, screens per run, questionnaires and reviews per dataset."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog.models import Dataset, Resource, ResourceVersion


def new_pseudonym_key() -> str:
    """Return a fresh random key for keyed-hash pseudonyms (hex; never shown, never exported)."""
    return secrets.token_hex(32)


class ResourcePrivacy(models.Model):
    """What a steward set for a resource: its de-identification recipe and its quasi-identifiers.

    The recipe applies to every later version, refreshes included (issue #5 §3). Keys of the JSON
    fields are table names as the pipeline reports them; the empty key "" applies to every table.
    """

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="privacy")
    # {table: [step, …]} in the engine's recipe format (engine/privacy/deidentify.py)
    recipes = models.JSONField(_("de-identification recipe"), default=dict, blank=True)
    # {table: [column, …]}: chosen by the steward; a table absent here gets suggested ones
    quasi_identifiers = models.JSONField(_("quasi-identifiers"), default=dict, blank=True)
    # {table: [column, …]}: sensitive attributes for l-diversity
    sensitive = models.JSONField(_("sensitive attributes"), default=dict, blank=True)
    # The keyed-hash pseudonym key, kept server-side only (issue #5 §3).
    pseudonym_key = models.CharField(max_length=64, default=new_pseudonym_key, editable=False)
    modified = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("resource privacy settings")
        verbose_name_plural = _("resource privacy settings")

    def __str__(self) -> str:
        return f"privacy of {self.resource}"

    def has_recipe(self) -> bool:
        """Return whether any table has at least one transform."""
        return any(self.recipes.get(key) for key in self.recipes)


class Screen(models.Model):
    """The privacy screen of one pipeline run over a version: the newest one per version is what the gate sees."""

    class Status(models.TextChoices):
        CLEAN = "clean", _("No personal information found")
        FOUND = "found", _("Personal information found")
        ERROR = "error", _("Screen failed")
        # The pipeline could not read the file as tables (a document, a corrupt file): nothing was
        # screened, so a reviewer must check it by hand and approve this very version.
        MANUAL = "manual", _("Needs a check by hand")

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="privacy_screens")
    run_id = models.PositiveIntegerField()  # the pipeline run (an id, not a key: the apps are independent)
    created = models.DateTimeField(_("screened"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The recipe snapshot the run applied ({} when none): the public tables are its output.
    recipe = models.JSONField(default=dict, blank=True)
    deidentified = models.BooleanField(_("de-identified"), default=False)
    # PrivacyReport.to_dict() per table of what the public gets (the gate's input) …
    tables = models.JSONField(default=list, blank=True)
    # … and of the original tables, shown to staff to choose a recipe (empty when no recipe: same as tables).
    original_tables = models.JSONField(default=list, blank=True)
    finding_count = models.PositiveIntegerField(_("findings"), default=0)
    error_code = models.CharField(max_length=60, blank=True)
    error_message_en = models.TextField(blank=True)
    error_message_fr = models.TextField(blank=True)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("privacy screen")
        verbose_name_plural = _("privacy screens")
        indexes = [models.Index(fields=["version", "-created"])]

    def __str__(self) -> str:
        return f"{self.version} – {self.status}"


class Questionnaire(models.Model):
    """A dataset's risk questionnaire (issue #5 §4): answers keyed by question code (privacy/questionnaire.py)."""

    dataset = models.OneToOneField(Dataset, on_delete=models.CASCADE, related_name="privacy_questionnaire")
    # {code: {"answer": "yes" | "no" | "unsure", "note": str}}
    answers = models.JSONField(default=dict, blank=True)
    modified = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("risk questionnaire")
        verbose_name_plural = _("risk questionnaires")

    def __str__(self) -> str:
        return f"questionnaire of {self.dataset}"


class Review(models.Model):
    """A reviewer's decision on a dataset's privacy risk, with a written justification (audited)."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Sent back")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="privacy_reviews")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    justification = models.TextField(_("justification"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created = models.DateTimeField(_("decided"), auto_now_add=True)
    risk_level = models.CharField(_("risk level"), max_length=10)  # low, medium, high when decided
    reasons = models.JSONField(default=list, blank=True)  # the reasons shown to the reviewer ({code, en, fr})
    # What the approval covers: the screens it saw and their findings' keys ("resource:table:column:detector").
    screens = models.ManyToManyField(Screen, blank=True, related_name="reviews")
    covered = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("privacy review")
        verbose_name_plural = _("privacy reviews")

    def __str__(self) -> str:
        return f"{self.dataset} – {self.decision}"
