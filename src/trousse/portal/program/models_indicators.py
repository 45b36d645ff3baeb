"""The program dashboard's models: daily indicator snapshots and the datasets tagged with a data standard."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorSnapshot(models.Model):
    """One indicator's value on one day (program/indicators/definitions.py names the codes)."""

    day = models.DateField(_("day"), db_index=True)
    code = models.CharField(_("indicator"), max_length=40)
    value = models.FloatField(_("value"))
    # For shares: the counts behind the percentage, so a chart's table can show "12 of 16".
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    taken = models.DateTimeField(_("taken"), auto_now=True)

    class Meta:
        ordering = ("day", "code")
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        constraints = (models.UniqueConstraint(fields=("day", "code"), name="one_snapshot_per_day"),)

    def __str__(self) -> str:
        return f"{self.day} {self.code}={self.value}"


class DatasetStandard(models.Model):
    """A dataset staff say follows a data standard (program/standards/data/standards.toml names the codes)."""

    dataset = models.ForeignKey("catalog.Dataset", on_delete=models.CASCADE, related_name="program_standards")
    standard = models.CharField(_("standard"), max_length=40)
    # Which of the standard's tables the dataset's first table should be checked against ("" = none).
    table = models.CharField(_("standard table"), max_length=60, blank=True)
    tagged = models.DateTimeField(_("tagged"), auto_now_add=True)
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        ordering = ("standard", "dataset_id")
        verbose_name = _("dataset standard")
        verbose_name_plural = _("dataset standards")
        constraints = (models.UniqueConstraint(fields=("dataset", "standard"), name="one_tag_per_standard"),)

    def __str__(self) -> str:
        return f"{self.dataset_id}:{self.standard}"
