"""The inventory's staff pages: the ranked list, an item, the import and its report, the template.

Every workspace member reads them; program leads (and site admins) import, edit and change weights.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError
from trousse.portal.core.localized import current_language
from trousse.portal.program import permissions
from trousse.portal.program.guide.access import program_staff_required
from trousse.portal.program.inventory import columns, files, importer, queries, scoring, services
from trousse.portal.program.inventory.forms import ImportForm, ItemForm, WeightsForm
from trousse.portal.program.inventory.listing import listing
from trousse.portal.program.inventory.reader import MAX_ROWS
from trousse.portal.program.inventory.rules import require_lead
from trousse.portal.program.models_inventory import InventoryImport, InventoryItem

STAFF_SORTS = tuple(queries.SORT_KEYS)
HISTORY_LABELS = {
    "inventory.create": _lazy("added by hand"), "inventory.update": _lazy("changed"),
    "inventory.draft_dataset": _lazy("draft dataset created"), "inventory.delete": _lazy("removed"),
}


@require_GET
@program_staff_required
def ranked(request: HttpRequest) -> HttpResponse:
    """List every item ranked by priority score (or sorted by any column), with the formula."""
    weights = scoring.current_weights()
    context = listing(request, queries.build_rows(queries.all_items(), weights), STAFF_SORTS, "-score")
    is_lead = permissions.is_program_lead(request.user)
    return render(request, "program/inventory/ranked.html", context | {
        "nav": "workspace", "weights": weights, "is_lead": is_lead,
        "weights_form": WeightsForm(initial=weights.__dict__) if is_lead else None,
        "requests_available": scoring.requests_available(),
        "imports": InventoryImport.objects.all()[:5],
    })


@require_POST
@program_staff_required
def weights(request: HttpRequest) -> HttpResponse:
    """Change the weights of the priority score (program leads)."""
    require_lead(request.user)
    form = WeightsForm(request.POST)
    if form.is_valid():
        try:
            services.set_weights(request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The weights are saved; the ranking uses them now."))
    else:
        messages.error(request, _("Each weight is a whole number from 0 to %(max)s.") % {"max": scoring.MAX_WEIGHT})
    return redirect(reverse("program:inventory") + "#formula")


@require_GET
@program_staff_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an item, its score, its dataset and its history."""
    item = get_object_or_404(queries.all_items(), pk=pk)
    row = queries.build_rows([item])[0]
    return render(request, "program/inventory/item.html", {
        "nav": "workspace", "item": item, "row": row, "is_lead": permissions.is_program_lead(request.user),
        "history": [(event, HISTORY_LABELS.get(event.action, event.action), _field_names(event.changes))
                    for event in audit.history(item, limit=20)],
    })


def _field_names(changes: dict) -> list[str]:
    # In the spreadsheet's column order: PostgreSQL's jsonb does not keep the order the keys were written in.
    lang = current_language()
    return [getattr(column, lang) for name, column in columns.BY_FIELD.items() if name in changes]


@require_http_methods(["GET", "POST"])
@program_staff_required
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add an item by hand, or change one (program leads)."""
    require_lead(request.user)
    item = get_object_or_404(InventoryItem, pk=pk) if pk is not None else InventoryItem()
    status = 200
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                services.save_item(request.user, item, form.values())
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("The item is saved."))
                return redirect("program:inventory_item", pk=item.pk)
        status = 400
    else:
        form = ItemForm(initial=ItemForm.initial_for(item) if item.pk else {"frequency": "unknown"})
    return render(request, "program/inventory/item_form.html", {"nav": "workspace", "item": item, "form": form},
                  status=status)


@require_POST
@program_staff_required
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an item (program leads)."""
    item = get_object_or_404(InventoryItem, pk=pk)
    services.delete_item(request.user, item)
    messages.success(request, _("The item was removed from the inventory."))
    return redirect("program:inventory")


@require_POST
@program_staff_required
def item_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn an item into a draft dataset and open it in the workspace."""
    item = get_object_or_404(InventoryItem, pk=pk)
    try:
        dataset = services.create_draft_dataset(request.user, item)
    except DomainError as error:
        if error.status == 404:
            raise
        messages.error(request, str(error.message))
        return redirect("program:inventory_item", pk=item.pk)
    messages.success(request, _("A draft dataset was made from the inventory item. Complete it, add its files, "
                                "then submit it for review."))
    return redirect("catalog:dataset_manage", slug=dataset.slug)


@require_http_methods(["GET", "POST"])
@program_staff_required
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a department's spreadsheet (program leads) and go to its report."""
    require_lead(request.user)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record = importer.import_inventory(request.user, upload.chunks(), upload.name)
            except DomainError as error:
                if error.status == 403:
                    raise
                form.add_domain_error(error if error.field else DomainError(error.message, field="file"))
            else:
                return redirect("program:inventory_import", pk=record.pk)
        status = 400
    else:
        form = ImportForm()
    return render(request, "program/inventory/import.html", {
        "nav": "workspace", "form": form, "columns": columns.COLUMNS, "imports": InventoryImport.objects.all()[:10],
        "max_rows": MAX_ROWS,
    }, status=status)


@require_GET
@program_staff_required
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Show what an import did: counts, the columns read and ignored, and every rejected row with its reason."""
    record = get_object_or_404(InventoryImport, pk=pk)
    rejected = [{**r, "message": columns.message(r["code"], r.get("params"))} for r in record.rejected]
    return render(request, "program/inventory/import_report.html", {
        "nav": "workspace", "record": record, "rejected": rejected,
        "rejected_rows": len({r["row"] for r in rejected}),
        "columns_read": [(label, columns.BY_FIELD[name]) for label, name in record.columns.items()
                         if name in columns.BY_FIELD],
    })


@require_GET
@program_staff_required
def template_file(request: HttpRequest, kind: str) -> HttpResponse:
    """Download the blank template, as CSV or XLSX, with the headers in both languages."""
    if kind not in ("csv", "xlsx"):
        raise Http404
    if kind == "xlsx":
        response = HttpResponse(files.template_xlsx(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(files.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inventory-template.{kind}"'
    return response
