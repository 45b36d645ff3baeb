"""The policy kit's staff pages: the versions, the form, each document, its downloads and the adoption."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trousse.portal.core.errors import DomainError, PermissionDeniedError
from trousse.portal.core.models import AuditEvent
from trousse.portal.program import permissions
from trousse.portal.program.guide.access import program_staff_required
from trousse.portal.program.models_policy import PolicyVersion
from trousse.portal.program.policy import exports, queries, services
from trousse.portal.program.policy.documents import KINDS, KINDS_BY_CODE, LANGUAGES, privacy_act_name
from trousse.portal.program.policy.forms import AdoptForm, PolicyForm
from trousse.portal.program.policy.jurisdictions import JURISDICTIONS

_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_LANG_NAMES = {"en": "English", "fr": "Français"}


def _version(number: int) -> PolicyVersion:
    found = queries.versions().filter(number=number).first()
    if found is None:
        raise Http404
    return found


def _history(versions: list[PolicyVersion]) -> list[AuditEvent]:
    ids = [str(v.pk) for v in versions]
    return list(AuditEvent.objects.filter(object_type="policyversion", object_id__in=ids)
                .select_related("actor").order_by("-created", "-id")[:30])


@require_GET
@program_staff_required
def policy_index(request: HttpRequest) -> HttpResponse:
    """List the versions of the policy documents, the one in force first."""
    versions = list(queries.versions())
    return render(request, "program/policy/index.html", {
        "nav": "workspace", "versions": versions, "adopted": queries.adopted_version(),
        "is_lead": permissions.is_program_lead(request.user), "history": _history(versions)})


@require_http_methods(["GET", "POST"])
@program_staff_required
def policy_generate(request: HttpRequest) -> HttpResponse:
    """Show the form (filled with the last version's values) and generate the next version."""
    if not permissions.is_program_lead(request.user):
        raise PermissionDeniedError(_("Only the program lead or a site administrator can generate the policy "
                                      "documents."))
    latest = queries.latest_version()
    status = 200
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                version = services.generate_policy(request.user, form.values())
            except DomainError as error:
                if error.status in (403, 404):
                    raise
                form.add_domain_error(error)
            else:
                messages.success(request, _("Version %(number)s of the documents is ready.") % {
                    "number": version.number})
                return redirect("program:policy_version", number=version.number)
        status = 400
    else:
        form = PolicyForm(initial=dict(latest.values) if latest else {})
    return render(request, "program/policy/form.html", {
        "nav": "workspace", "form": form, "latest": latest}, status=status)


@require_GET
@program_staff_required
def policy_version(request: HttpRequest, number: int) -> HttpResponse:
    """Show a version: its record (who, when, values), its documents and downloads, and its adoption."""
    version = _version(number)
    is_lead = permissions.is_program_lead(request.user)
    return render(request, "program/policy/version.html", _version_context(version, is_lead, AdoptForm()))


def _version_context(version: PolicyVersion, is_lead: bool, form: AdoptForm) -> dict:
    values = version.values
    place = JURISDICTIONS.get(values.get("province", ""))
    return {
        "nav": "workspace", "version": version, "is_lead": is_lead, "adopt_form": form,
        "kinds": KINDS, "languages": [(lang, _LANG_NAMES[lang]) for lang in LANGUAGES],
        "place": place, "privacy_act": {lang: privacy_act_name(values, lang) for lang in LANGUAGES},
        "departments": {lang: values.get(f"departments_{lang}", "").splitlines() for lang in LANGUAGES},
        "history": _history([version]),
    }


@require_POST
@program_staff_required
def policy_adopt(request: HttpRequest, number: int) -> HttpResponse:
    """Record the approving body's adoption of a version (program leads)."""
    version = _version(number)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.adopt_policy(request.user, version, form.cleaned_data["adopted_on"],
                                  form.cleaned_data["resolution"])
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form.add_domain_error(error)
            if error.field is None:  # e.g. already adopted: the form is no longer shown, so say it at the top
                messages.error(request, str(error.message))
        else:
            messages.success(request, _("Version %(number)s is recorded as adopted; its licence is now the "
                                        "catalogue's default licence.") % {"number": number})
            return redirect("program:policy_version", number=number)
    return render(request, "program/policy/version.html",
                  _version_context(version, permissions.is_program_lead(request.user), form), status=400)


def _document(version: PolicyVersion, kind: str, lang: str) -> str:
    if kind not in KINDS_BY_CODE or lang not in LANGUAGES:
        raise Http404
    text = (version.documents.get(kind) or {}).get(lang)
    if text is None:
        raise Http404
    return text


@require_GET
@program_staff_required
def policy_document(request: HttpRequest, number: int, kind: str, lang: str) -> HttpResponse:
    """Show one document in one language inside the workspace, with its downloads."""
    version = _version(number)
    text = _document(version, kind, lang)
    return render(request, "program/policy/document.html", {
        "nav": "workspace", "version": version, "kind": KINDS_BY_CODE[kind], "doc_lang": lang,
        "doc_lang_name": _LANG_NAMES[lang], "body": exports.body_html(text),
        "other_lang": "fr" if lang == "en" else "en"})


@require_GET
@program_staff_required
def policy_download(request: HttpRequest, number: int, kind: str, lang: str, fmt: str) -> HttpResponse:
    """Download one document in one language as Markdown, standalone HTML or DOCX."""
    version = _version(number)
    text = _document(version, kind, lang)
    if fmt not in _TYPES:
        raise Http404
    document_kind = KINDS_BY_CODE[kind]
    with override(lang):  # the file speaks its own language, whatever the page's
        title = f"{document_kind.title} — {version.values.get(f'municipality_{lang}', '')}"
        generated = date_format(localtime(version.created), "DATE_FORMAT")
        subject = _("Version %(number)s, generated on %(date)s") % {"number": version.number, "date": generated}
        if fmt == "md":
            body: bytes | str = text
        elif fmt == "html":
            body = exports.standalone_html(text, lang=lang, title=title, meta={
                "version": version.number, "generated": generated, "author": version.created_by_name,
                "adopted_on": version.adopted_on, "resolution": version.resolution})
        else:
            body = exports.docx_bytes(text, lang=lang, title=title, author=version.created_by_name or "Trousse",
                                      created=version.created, version=version.number, subject=subject)
    filename = f"{document_kind.stem.get(lang)}-v{version.number}-{lang}.{fmt}"
    response = HttpResponse(body, content_type=_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Language"] = lang
    response["Cache-Control"] = "private, max-age=0"
    return response
