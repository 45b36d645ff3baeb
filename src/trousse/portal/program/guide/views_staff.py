"""The launch path's staff pages: the progress view, each stage, ticking items, and the program settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trousse.portal.core.errors import DomainError
from trousse.portal.core.localized import current_language
from trousse.portal.core.models import AuditEvent, User
from trousse.portal.program import permissions
from trousse.portal.program.guide import content, progress, services
from trousse.portal.program.guide.access import program_staff_required, safe_next
from trousse.portal.program.guide.forms import LeadForm, MarkForm, ScopeForm
from trousse.portal.program.models_guide import ProgramLead, Scope


@require_GET
@program_staff_required
def progress_view(request: HttpRequest) -> HttpResponse:
    """Show the whole launch path: each stage's items done out of total, the percent, and what comes next."""
    path = progress.path_progress()
    return render(request, "program/guide/progress.html", {
        "nav": "workspace",
        "path": path,
        "scope_label": Scope(path.scope).label,
        "is_lead": permissions.is_program_lead(request.user),
    })


@require_GET
@program_staff_required
def stage(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a stage of the launch path, its advice and its checklist."""
    section = content.find("stage", slug)
    if section is None:
        raise Http404
    stages = content.stages()
    return render(request, "program/guide/stage.html", {
        "nav": "workspace",
        "section": section,
        "body": section.body_html(current_language()),
        "related": [c for c in content.chapters() if c.slug in section.chapters],
        "previous": stages[section.number - 2] if section.number > 1 else None,
        "next": stages[section.number] if section.number < len(stages) else None,
        "count": len(stages),
        "progress": progress.section_progress(section, progress.current_scope()),
        "is_lead": permissions.is_program_lead(request.user),
        "is_staff": True,
    })


@require_POST
@program_staff_required
def mark_item(request: HttpRequest, code: str) -> HttpResponse:
    """Tick or untick a checklist item by hand, then go back to the page the form was on."""
    if code not in content.items_by_code():
        raise Http404
    form = MarkForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(safe_next(request))
    tick = form.cleaned_data["action"] == "tick"
    try:
        (services.tick_item if tick else services.untick_item)(request.user, code, form.cleaned_data["note"])
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
    else:
        label = content.items_by_code()[code][1].label.get(current_language())
        messages.success(request, (_("Ticked: %(item)s") if tick else _("Unticked: %(item)s")) % {"item": label})
    return redirect(safe_next(request) + f"#item-{code}")


@require_http_methods(["GET", "POST"])
@program_staff_required
def program_settings(request: HttpRequest) -> HttpResponse:
    """Show and change the scope; site administrators also name and remove program leads."""
    user = request.user
    row = progress.program_settings()
    scope_form = ScopeForm(initial={"scope": progress.current_scope()})
    lead_form = LeadForm()
    status = 200
    if request.method == "POST":
        try:
            if "scope" in request.POST:
                scope_form = ScopeForm(request.POST)
                if scope_form.is_valid():
                    services.set_scope(user, scope_form.cleaned_data["scope"])
                    messages.success(request, _("The scope is saved."))
                    return redirect("program:settings")
            elif "add_lead" in request.POST:
                lead_form = LeadForm(request.POST)
                if lead_form.is_valid():
                    lead = services.add_program_lead(user, lead_form.cleaned_data["user"])
                    messages.success(request, _("%(name)s is now a program lead.") % {"name": lead.user.username})
                    return redirect("program:settings")
            elif "remove_lead" in request.POST:
                target = get_object_or_404(User, pk=_int(request.POST.get("remove_lead")))
                services.remove_program_lead(user, target)
                messages.success(request, _("%(name)s is no longer a program lead.") % {"name": target.username})
                return redirect("program:settings")
        except DomainError as error:
            if error.status in (403, 404):
                raise
            (scope_form if "scope" in request.POST else lead_form).add_domain_error(error)
        status = 400
    leads = list(ProgramLead.objects.select_related("user", "added_by"))
    return render(request, "program/guide/settings.html", {
        "nav": "workspace",
        "settings": row,
        "scope_form": scope_form,
        "lead_form": lead_form,
        "leads": leads,
        "is_lead": permissions.is_program_lead(user),
        "can_manage_leads": permissions.can_manage_leads(user),
        "history": list(AuditEvent.objects.filter(action__in=(
            "program.scope", "program.lead_add", "program.lead_remove", "checklist.tick", "checklist.untick"))
            .select_related("actor")[:20]),
    }, status=status)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None
