"""The self-assessment's staff pages: history, the answer form, results, and two assessments side by side.

Program leads (and site admins) start, answer and complete assessments; every workspace member may
read the history, the results and the comparison.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trousse.portal.core.errors import DomainError, NotFoundError, PermissionDeniedError
from trousse.portal.core.localized import pick
from trousse.portal.program import permissions
from trousse.portal.program.assessment import queries, services
from trousse.portal.program.assessment.bank import question_bank
from trousse.portal.program.assessment.forms import AssessmentForm
from trousse.portal.program.assessment.radar import Radar, radar
from trousse.portal.program.assessment.scoring import Result, compare
from trousse.portal.program.guide.access import program_staff_required
from trousse.portal.program.models_assessment import Assessment
from trousse.portal.program.templatetags.program_assessment import level_label


def chart_of(result: Result) -> Radar:
    """Return the radar of a result's dimension levels, labelled in the page language."""
    return radar([(d.dimension.code, pick(d.dimension, "name").value, d.level, level_label(d.level))
                  for d in result.dimensions])


def _require_lead(request: HttpRequest) -> None:
    if not permissions.is_program_lead(request.user):
        raise PermissionDeniedError(_("Only program leads and site administrators can record assessments."))


@require_GET
@program_staff_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    """List the completed assessments with their dimension levels, the open draft, and the compare form."""
    bank = question_bank()
    rows = [{"assessment": a, "result": queries.result_of(a)} for a in queries.completed_assessments()]
    return render(request, "program/assessment/list.html", {
        "nav": "workspace",
        "bank": bank,
        "rows": rows,
        "draft": queries.open_draft(),
        "is_lead": permissions.is_program_lead(request.user),
        "recent": queries.recent_assessment(),
    })


@require_POST
@program_staff_required
def assessment_start(request: HttpRequest) -> HttpResponse:
    """Open a draft (or the one already open) and go to its form."""
    _require_lead(request)
    assessment = services.start_assessment(request.user)
    return redirect("program:assessment_edit", pk=assessment.pk)


@require_http_methods(["GET", "POST"])
@program_staff_required
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a draft: save it to come back later, or complete it (every chain decided)."""
    _require_lead(request)
    assessment = queries.get_assessment(pk)
    if assessment.is_completed:
        return redirect("program:assessment_results", pk=assessment.pk)
    bank = question_bank()
    if request.method == "GET":
        form = AssessmentForm(bank, initial=AssessmentForm.initial_for(assessment.answers, assessment.note, bank))
        return _render_form(request, assessment, form)

    action = request.POST.get("action", "save")
    if action == "discard":  # whatever else the form holds
        services.discard_draft(request.user, assessment)
        messages.success(request, _("The draft assessment was discarded."))
        return redirect("program:assessment_list")
    form = AssessmentForm(bank, request.POST)
    if form.is_valid():
        try:
            if action == "complete":
                services.complete_assessment(request.user, assessment, form.answers(), form.cleaned_data["note"])
                messages.success(request, _("The assessment is complete. Here are its results."))
                return redirect("program:assessment_results", pk=assessment.pk)
            services.save_draft(request.user, assessment, form.answers(), form.cleaned_data["note"])
            messages.success(request, _("Your answers are saved. You can come back to finish later."))
            return redirect("program:assessment_edit", pk=assessment.pk)
        except services.IncompleteAssessmentError as error:
            form.add_error(None, str(error.message))
            form.mark_unanswered([q.key for q in error.questions])
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form.add_domain_error(error)
    return _render_form(request, assessment, form, status=400)


def _render_form(request: HttpRequest, assessment: Assessment, form: AssessmentForm, status: int = 200
                 ) -> HttpResponse:
    return render(request, "program/assessment/form.html", {
        "nav": "workspace",
        "assessment": assessment,
        "form": form,
        "groups": form.groups(),
        "bank": form.bank,
    }, status=status)


@require_GET
@program_staff_required
def assessment_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a completed assessment: levels, radar, strengths and gaps, and the action plan."""
    assessment = queries.get_assessment(pk)
    if not assessment.is_completed:
        if permissions.is_program_lead(request.user):
            return redirect("program:assessment_edit", pk=assessment.pk)
        raise NotFoundError(_("This assessment is not completed yet."))
    result = queries.result_of(assessment)
    earlier = queries.completed_assessments().filter(completed__lt=assessment.completed).first()
    return render(request, "program/assessment/results.html", {
        "nav": "workspace",
        "assessment": assessment,
        "result": result,
        "radar": chart_of(result),
        "bank": question_bank(),
        "earlier": earlier,
    })


@require_GET
@program_staff_required
def assessment_compare(request: HttpRequest) -> HttpResponse:
    """Put two completed assessments side by side: levels per dimension and activity, the change, both radars."""
    choices = list(queries.completed_assessments())
    by_id = {str(a.pk): a for a in choices}
    before_id, after_id = request.GET.get("before", ""), request.GET.get("after", "")
    context = {"nav": "workspace", "choices": choices, "error": ""}
    if len(choices) >= 2:  # with fewer, the page only says that two are needed, whatever was asked
        if not before_id and not after_id:
            before_id, after_id = str(choices[1].pk), str(choices[0].pk)  # the latest two by default
        if before_id not in by_id or after_id not in by_id:
            context["error"] = _("Choose two completed assessments from the lists.")
        elif before_id == after_id:
            context["error"] = _("Choose two different assessments.")
        else:
            before, after = sorted((by_id[before_id], by_id[after_id]), key=lambda a: (a.completed, a.pk))
            before_result, after_result = queries.result_of(before), queries.result_of(after)
            context.update({
                "before": before, "after": after,
                "comparison": compare(before_result, after_result),
                "before_radar": chart_of(before_result), "after_radar": chart_of(after_result),
            })
    context.update({"before_id": before_id, "after_id": after_id})
    return render(request, "program/assessment/compare.html", context, status=400 if context["error"] else 200)
