"""The steward's pipeline pages: read settings, Table Schema, data dictionary, acknowledgement, reprocessing.

Each page is reached from the resource's panel on the dataset manage page and goes back there. Access is
the workspace's (catalog/views/staff/access.py): staff who may edit the dataset; others get 403 or 404.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.catalog.views.staff.access import attach, editable_resource, staff_required
from trousse.portal.core.errors import DomainError, NotFoundError
from trousse.portal.pipeline import queries, services
from trousse.portal.pipeline.forms import (
    AcknowledgeForm,
    DictionaryForm,
    ReadOptionsForm,
    SchemaFieldFormSet,
    SchemaJSONForm,
)
from trousse.portal.pipeline.views import presentation
from trousse.portal.pipeline.views.panels import newest_succeeded_run


def _file_resource(request: HttpRequest, resource_id: int) -> tuple[Dataset, Resource]:
    found = Resource.objects.select_related("dataset").filter(pk=resource_id).first()
    if found is None:
        raise NotFoundError(_("No such resource"))
    dataset, resource = editable_resource(request.user, found.dataset.slug, resource_id)
    if resource.kind != Resource.Kind.FILE:
        raise NotFoundError(_("A link has no file to process."))
    return dataset, resource


def _back(dataset: Dataset, resource: Resource) -> str:
    return reverse("catalog:dataset_manage", kwargs={"slug": dataset.slug}) + f"#resource-{resource.pk}"


def _newest_version(resource: Resource):  # type: ignore[no-untyped-def]
    return resource.versions.order_by("-number").first()


def _latest_report_table(resource: Resource) -> dict[str, Any]:
    """Return the first table of the newest succeeded run over the newest version that has one."""
    for version in resource.versions.order_by("-number")[:5]:
        run = newest_succeeded_run(version)
        if run is not None and run.report.get("tables"):
            entry = run.report["tables"][0]
            # A de-identified table: the steward pins the schema of the file as uploaded (what each run
            # reads and validates), kept under "original", not the public copy's.
            original = {k: v for k, v in (entry.get("original") or {}).items() if k != "parquet" and v is not None}
            return {"run": run, **entry, **original, "read_options": run.report.get("read_options", {})}
    return {}


def _page(request: HttpRequest, template: str, dataset: Dataset, resource: Resource, status: int = 200,
          **context: Any) -> HttpResponse:
    return render(request, template, {"nav": "workspace", "dataset": dataset, "resource": resource,
                                      "back": _back(dataset, resource), **context}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def read_options(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Pin how the file is read (encoding, delimiter, separators, header row, sheet), or go back to detection."""
    dataset, resource = _file_resource(request, resource_id)
    pinned = queries.resource_settings(resource)
    status = 200
    if request.method == "POST":
        form = ReadOptionsForm(request.POST)
        if form.is_valid():
            options = {} if "unpin" in request.POST else form.options()
            try:
                services.pin_read_options(request.user, resource, options)
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("The read settings were saved. They apply to the next version you "
                                            "upload, or process this one again."))
                return redirect(_back(dataset, resource))
        status = 400
    else:
        entry = _latest_report_table(resource)
        detected = entry.get("dialect") or entry.get("read_options") or {}
        form = ReadOptionsForm(initial=ReadOptionsForm.initial_from(
            pinned.read_options if pinned is not None and pinned.read_options else detected))
    return _page(request, "pipeline/read_options.html", dataset, resource, status,
                 form=form, pinned=pinned.read_options if pinned is not None else {})


@require_http_methods(["GET", "POST"])
@staff_required
def schema_edit(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Edit and pin the Table Schema, field by field or as JSON; or unpin it."""
    dataset, resource = _file_resource(request, resource_id)
    pinned = queries.resource_settings(resource)
    entry = _latest_report_table(resource)
    base = (pinned.table_schema if pinned is not None and pinned.table_schema else entry.get("schema")) or {}
    fields = list(base.get("fields", []))
    status = 200
    formset = SchemaFieldFormSet(initial=[SchemaFieldFormSet.form.initial_from(f) for f in fields], prefix="field")
    json_form = SchemaJSONForm(initial={"schema": json.dumps(base, indent=2, ensure_ascii=False) if base else ""})
    if request.method == "POST":
        use = request.POST.get("use", "fields")
        try:
            if use == "unpin":
                services.pin_schema(request.user, resource, None)
                messages.success(request, _("The schema is no longer pinned: it will be inferred from each "
                                            "version."))
                return redirect(_back(dataset, resource))
            descriptor = None
            if use == "json":
                json_form = SchemaJSONForm(request.POST)
                if json_form.is_valid():
                    descriptor = json_form.descriptor()
                    if descriptor is None and not json_form.errors:
                        json_form.add_error("schema", _("Enter a Table Schema, or unpin the schema."))
            else:
                formset = SchemaFieldFormSet(request.POST, prefix="field")
                if formset.is_valid() and fields:
                    by_name = {f.get("name"): f for f in fields}
                    descriptor = dict(base, fields=[form.apply_to(by_name.get(form.cleaned_data["name"],
                                                                             {"name": form.cleaned_data["name"]}))
                                                    for form in formset.forms])
            if descriptor is not None:
                services.pin_schema(request.user, resource, descriptor)
                messages.success(request, _("The schema is pinned. Every later version is checked against it."))
                return redirect(_back(dataset, resource))
        except DomainError as error:
            if error.status in (403, 404):
                raise
            json_form = SchemaJSONForm(request.POST if use == "json" else {
                "schema": json.dumps(base, indent=2, ensure_ascii=False)})
            json_form.is_valid()
            json_form.add_error("schema" if use == "json" else None, str(error.message))
        status = 400
    return _page(request, "pipeline/schema.html", dataset, resource, status, formset=formset, json_form=json_form,
                 pinned=pinned.table_schema if pinned is not None else None,
                 schema_changes=presentation.change_rows(entry), has_fields=bool(fields))


@require_http_methods(["GET", "POST"])
@staff_required
def dictionary_edit(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Complete the data dictionary: a bilingual title and description and a unit for each column."""
    dataset, resource = _file_resource(request, resource_id)
    pinned = queries.resource_settings(resource)
    dictionary = pinned.data_dictionary if pinned is not None else {}
    entry = _latest_report_table(resource)
    columns = [c.get("name", "") for c in (entry.get("profile") or {}).get("columns", [])]
    columns += [c for c in dictionary if c not in columns]
    status = 200
    if request.method == "POST":
        form = DictionaryForm(request.POST, columns=columns, dictionary=dictionary)
        if form.is_valid():
            try:
                services.update_data_dictionary(request.user, resource, form.entries())
            except DomainError as error:
                attach(form, error)
            else:
                messages.success(request, _("The data dictionary was saved."))
                return redirect(_back(dataset, resource))
        status = 400
    else:
        form = DictionaryForm(columns=columns, dictionary=dictionary)
    return _page(request, "pipeline/dictionary.html", dataset, resource, status, form=form)


@require_http_methods(["GET", "POST"])
@staff_required
def acknowledge(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Accept the newest version's pipeline problems, with a required comment, so it may be published."""
    dataset, resource = _file_resource(request, resource_id)
    version = resource.current_version or _newest_version(resource)
    if version is None:
        raise NotFoundError(_("No file uploaded yet."))
    run = queries.latest_run_of_version(version)
    acknowledgement = queries.acknowledgement(run) if run is not None else None
    status = 200
    if request.method == "POST":
        form = AcknowledgeForm(request.POST)
        form.is_valid()
        try:
            services.acknowledge_errors(request.user, version, request.POST.get("comment", ""))
        except DomainError as error:
            if error.status in (403, 404, 413):
                raise
            form.errors.pop("comment", None)
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your acknowledgement was recorded. The dataset can now be published."))
            return redirect(_back(dataset, resource))
        status = 400
    else:
        form = AcknowledgeForm()
    return _page(request, "pipeline/acknowledge.html", dataset, resource, status, form=form, version=version,
                 run=run, acknowledgement=acknowledgement,
                 status_info=presentation.status_of(run, acknowledged=acknowledgement is not None),
                 tables=presentation.tables_of(run, resource, show_values=True))


@require_POST
@staff_required
def reprocess(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Run the pipeline again over the newest version (after pinning settings or a schema)."""
    dataset, resource = _file_resource(request, resource_id)
    version = _newest_version(resource)
    if version is None:
        raise NotFoundError(_("No file uploaded yet."))
    try:
        services.reprocess_version(request.user, version)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Version %(number)s is being processed again.") % {"number": version.number})
    return redirect(_back(dataset, resource))
