"""The policy kit's record: every generated set of documents is a numbered version, and adoptions are dated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyVersion(models.Model):
    """One generation of the policy documents: the form values used, the Markdown made, who and when.

    Versions are never edited: generating again makes the next number, and older versions stay
    downloadable. Adopting a version records the approving body's decision (date and resolution).
    """

    number = models.PositiveIntegerField(_("version"), unique=True)
    values = models.JSONField(_("form values"))  # exactly what the form gave, so a version can be re-read
    documents = models.JSONField(_("documents"))  # {kind: {"en": markdown, "fr": markdown}}
    licence_code = models.CharField(_("licence"), max_length=60)
    created = models.DateTimeField(_("generated"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_by_name = models.CharField(max_length=150, blank=True)  # kept if the account is deleted
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    resolution = models.CharField(_("resolution number"), max_length=100, blank=True)
    adoption_recorded = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    adopted_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ("-number",)
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")

    def __str__(self) -> str:
        return f"policy v{self.number}"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None
