"""Readiness and maturity self-assessments: the answers given, by whom and when (issue #6 §2).

Levels are not stored: they are computed from the answers with the question bank
(program/assessment/scoring.py), so one rule serves the results, the history and the comparison.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    """One run of the self-assessment: a draft while answers are being given, then completed for good."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)  # {question key: true (yes) / false (no)}
    note = models.TextField(_("note"), blank=True)
    started = models.DateTimeField(_("started"), default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("started by"))
    started_by_name = models.CharField(max_length=150, blank=True)  # kept if the account is deleted
    modified = models.DateTimeField(_("last saved"), default=timezone.now)
    completed = models.DateTimeField(_("completed"), null=True, blank=True, db_index=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("completed by"))
    completed_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ("-started", "-id")
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")

    def __str__(self) -> str:
        when = self.completed or self.started
        return f"assessment {self.pk} ({self.status}, {when:%Y-%m-%d})"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED
