"""The data inventory (issue #6 §4–5): what data the town holds, how it ranks, and when it is to be released."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.vocabularies import FREQUENCIES


class ItemStatus(models.TextChoices):
    """Where an item stands on its way to the catalogue."""

    CANDIDATE = "candidate", _("To assess")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In preparation")
    PUBLISHED = "published", _("Published")
    NOT_PUBLISHABLE = "not_publishable", _("Not publishable")


class InventoryItem(models.Model):
    """One data holding of a department, as listed in its inventory spreadsheet."""

    # Stable across re-imports and edits: the iCalendar feed's UID and the public anchor.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(_("identifier"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=200)
    # The organization's slug when the department names one, else the folded department text:
    # "Public Works" and "Travaux publics" are one department when an organization carries both names.
    department_key = models.CharField(max_length=200, db_index=True, editable=False)
    organization = models.ForeignKey("catalog.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("organization"))
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    steward = models.CharField(_("data steward"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    source_system = models.CharField(_("source system"), max_length=200, blank=True)
    data_format = models.CharField(_("format"), max_length=100, blank=True)
    personal_info = models.BooleanField(_("personal information"), null=True, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    frequency = models.CharField(_("update frequency"), max_length=20, default="unknown",
                                 choices=[(code, FREQUENCIES.get(code).label.en) for code in FREQUENCIES.codes()])
    public_value = models.PositiveSmallIntegerField(_("public value"), null=True, blank=True)
    demand = models.PositiveSmallIntegerField(_("demand"), null=True, blank=True)
    effort = models.PositiveSmallIntegerField(_("effort"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.CANDIDATE,
                              db_index=True)
    reason_en = models.TextField(_("reason not published (English)"), blank=True)
    reason_fr = models.TextField(_("reason not published (French)"), blank=True)
    planned_release = models.DateField(_("planned release"), null=True, blank=True)
    # The link from the inventory to the catalogue lives here: the catalogue never imports the program.
    dataset = models.ForeignKey("catalog.Dataset", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("dataset"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    modified_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ("department_key", "name_en", "name_fr")
        verbose_name = _("inventory item")
        verbose_name_plural = _("inventory items")
        constraints = [models.UniqueConstraint(fields=["external_id"], condition=~Q(external_id=""),  # noqa: RUF012
                                               name="inventory_unique_external_id")]

    def __str__(self) -> str:
        return self.name_en or self.name_fr or str(self.uid)


class InventoryImport(models.Model):
    """One spreadsheet imported into the inventory, with its report (kept to read again later)."""

    file_name = models.CharField(_("file"), max_length=255)
    sheet = models.CharField(_("sheet"), max_length=255, blank=True)
    created = models.DateTimeField(_("imported"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_by_name = models.CharField(max_length=150, blank=True)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("items added"), default=0)
    updated_count = models.PositiveIntegerField(_("items updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("items unchanged"), default=0)
    # [{row, column, field, code, params}]: messages are rendered in the reader's language, not stored.
    rejected = models.JSONField(_("rejected rows"), default=list)
    columns = models.JSONField(_("columns"), default=dict)  # header label as found -> field code
    ignored = models.JSONField(_("ignored columns"), default=list)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("inventory import")
        verbose_name_plural = _("inventory imports")

    def __str__(self) -> str:
        return self.file_name


class InventoryWeights(models.Model):
    """The site's one row of priority weights (pk 1); the defaults are documented in docs/reference/inventory.md."""

    public_value = models.PositiveSmallIntegerField(_("public value"), default=3)
    demand = models.PositiveSmallIntegerField(_("demand"), default=2)
    effort = models.PositiveSmallIntegerField(_("effort"), default=1)
    risk = models.PositiveSmallIntegerField(_("risk"), default=2)
    changed = models.DateTimeField(null=True, blank=True)
    changed_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("priority weights")
        verbose_name_plural = _("priority weights")

    def __str__(self) -> str:
        return "priority weights"
