"""Users and the audit log, shared by every portal app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff account. Organization roles live in catalog.Membership."""

    is_site_reviewer = models.BooleanField(
        _("site reviewer"), default=False,
        help_text=_("Reviews datasets of every organization before publication (e.g. privacy or legal officer)."),
    )
    preferred_language = models.CharField(_("preferred language"), max_length=2, default="en",
                                          choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_site_admin(self) -> bool:
        return self.is_active and self.is_superuser

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AuditEvent(models.Model):
    """One recorded action: who did what to which object, and what changed."""

    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="audit_events", verbose_name=_("who"))
    actor_name = models.CharField(max_length=150, blank=True)  # kept if the account is deleted
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-created"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_label}"


class ApiToken(models.Model):
    """A named, expiring, revocable API token of one user; only a hash of its secret is stored (core.tokens)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    # The secret's first characters after "trs_": looked up by index, then the full hash is compared.
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)  # SHA-256 hex of the whole secret
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class DailyJobRun(models.Model):
    """A daily job queued for a day: the unique row makes several workers queue it once (core.schedule)."""

    name = models.CharField(max_length=100)
    day = models.DateField()
    queued = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="one_daily_job_run_per_day")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
