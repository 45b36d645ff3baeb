"""Pipeline state: runs over resource versions, their tables and derived files, and stewards' settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog.models import Resource, ResourceVersion

# Formats a table is downloadable in besides its original: generated once per version (issue #3 §5).
DERIVED_FORMATS = ("parquet", "csv", "json", "xlsx", "geojson")


class PipelineRun(models.Model):
    """One pass of the pipeline over a resource version, from queued to succeeded or failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="pipeline_runs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("stage"), max_length=20, blank=True)  # copy, read, infer, …, export, done
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # percent
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    # Written while running (progress, and a beat every HEARTBEAT_SECONDS): a stale one means a dead worker.
    heartbeat = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the task backend's result id
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    error_code = models.CharField(_("error code"), max_length=60, blank=True)
    error_message_en = models.TextField(_("error (English)"), blank=True)
    error_message_fr = models.TextField(_("error (French)"), blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)  # PipelineReport.to_dict(), cleaned
    valid = models.BooleanField(_("valid"), null=True)  # None until the run succeeds
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    schema_change = models.BooleanField(_("breaks the pinned schema"), default=False)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("pipeline run")
        verbose_name_plural = _("pipeline runs")
        indexes = [models.Index(fields=["version", "-created"]), models.Index(fields=["status", "heartbeat"])]

    def __str__(self) -> str:
        return f"{self.version} – {self.status}"

    @property
    def finished_ok(self) -> bool:
        return self.status == self.Status.SUCCEEDED

    @property
    def is_clean(self) -> bool:
        """Succeeded without validation errors and without breaking the pinned schema."""
        return self.status == self.Status.SUCCEEDED and bool(self.valid) and not self.schema_change


def _derived_path(table: TableResult, filename: str) -> str:
    version = table.run.version
    return f"derived/{version.resource_id}/v{version.number}/run{table.run_id}/{filename}"


class TableResult(models.Model):
    """One table of a run's file: its counts, canonical Parquet and the downloads made from it."""

    run = models.ForeignKey(PipelineRun, on_delete=models.CASCADE, related_name="tables")
    position = models.PositiveSmallIntegerField()  # 1-based, in the file's order
    name = models.CharField(_("name"), max_length=255)
    row_count = models.BigIntegerField(_("rows"), default=0)
    valid = models.BooleanField(_("valid"), default=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    openness_stars = models.PositiveSmallIntegerField(_("openness stars"), default=0)
    parquet = models.FileField(upload_to=_derived_path, max_length=500, blank=True)
    csv = models.FileField(upload_to=_derived_path, max_length=500, blank=True)
    json = models.FileField(upload_to=_derived_path, max_length=500, blank=True)
    xlsx = models.FileField(upload_to=_derived_path, max_length=500, blank=True)
    geojson = models.FileField(upload_to=_derived_path, max_length=500, blank=True)
    # The canonical Parquet as converted, kept private when a table stage (the privacy gate's recipe)
    # replaced the public one by a de-identified copy; blank otherwise. Never served to the public.
    original_parquet = models.FileField(upload_to=_derived_path, max_length=500, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="one_table_per_position")]

    def __str__(self) -> str:
        return f"{self.name} ({self.run_id})"

    def file_for(self, fmt: str) -> models.fields.files.FieldFile | None:
        """Return the stored file in ``fmt`` (one of DERIVED_FORMATS), or None when not generated."""
        if fmt not in DERIVED_FORMATS:
            return None
        field = getattr(self, fmt)
        return field if field.name else None

    def stored_names(self) -> list[str]:
        names = [getattr(self, fmt).name for fmt in DERIVED_FORMATS if getattr(self, fmt).name]
        return names + ([self.original_parquet.name] if self.original_parquet.name else [])

    @property
    def replaced(self) -> bool:
        """Return whether a table stage replaced this table by a public copy (the original is private)."""
        return bool(self.original_parquet.name)


class ResourceSettings(models.Model):
    """What a steward pinned for a resource, applied to every later version; and its data dictionary."""

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="pipeline_settings")
    read_options = models.JSONField(_("read options"), default=dict, blank=True)  # ReadOptions.to_dict()
    table_schema = models.JSONField(_("Table Schema"), null=True, blank=True)  # a pinned descriptor
    # {column: {"title_en", "title_fr", "description_en", "description_fr", "unit"}}
    data_dictionary = models.JSONField(_("data dictionary"), default=dict, blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resource pipeline settings")
        verbose_name_plural = _("resource pipeline settings")

    def __str__(self) -> str:
        return f"settings of {self.resource}"


class ErrorAcknowledgement(models.Model):
    """A steward accepting a version's pipeline errors so that the dataset may be published (audited)."""

    version = models.ForeignKey(ResourceVersion, on_delete=models.CASCADE, related_name="error_acknowledgements")
    # The run whose outcome was acknowledged: a later run (reprocessing) needs its own acknowledgement.
    run = models.ForeignKey(PipelineRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created = models.DateTimeField(_("acknowledged"), auto_now_add=True)
    comment = models.TextField(_("comment"))

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("error acknowledgement")
        verbose_name_plural = _("error acknowledgements")

    def __str__(self) -> str:
        return f"{self.version} acknowledged"
