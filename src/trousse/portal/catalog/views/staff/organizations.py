"""An organization's page in the workspace: its details and its members' roles."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trousse.portal.catalog import permissions, queries, services
from trousse.portal.catalog.forms import MemberAddForm, MemberRoleForm, OrganizationForm
from trousse.portal.catalog.models import Membership
from trousse.portal.catalog.views.staff.access import staff_required
from trousse.portal.core import audit
from trousse.portal.core.errors import DomainError, NotFoundError, PermissionDeniedError


@require_http_methods(["GET", "POST"])
@staff_required
def organization_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit an organization's details and its members' roles (its administrators and site admins)."""
    user = request.user
    organization = queries.get_organization(slug)
    if not permissions.can_manage_organization(user, organization):
        raise PermissionDeniedError(_("Only the organization's administrators can manage it."))
    details = OrganizationForm(organization=organization)
    add_member = MemberAddForm()
    member_error: tuple[int, str] | None = None
    status = 200
    if request.method == "POST":
        part = request.POST.get("form", "")
        try:
            if part == "details":
                details = OrganizationForm(request.POST, request.FILES, organization=organization)
                if details.is_valid():
                    logo = details.cleaned_data.get("logo") or ("" if details.cleaned_data.get("remove_logo")
                                                                 else None)
                    services.update_organization(user, organization, details.values(), logo=logo)
                    messages.success(request, _("The organization's details were saved."))
                    return redirect("catalog:organization_manage", slug=organization.slug)
            elif part == "add-member":
                add_member = MemberAddForm(request.POST)
                if add_member.is_valid():
                    member = add_member.cleaned_data["username"]
                    membership = services.set_membership(user, organization, member,
                                                         add_member.cleaned_data["role"])
                    messages.success(request, _("%(name)s is now %(role)s.") % {
                        "name": member.username, "role": membership.get_role_display()})
                    return redirect("catalog:organization_manage", slug=organization.slug)
            elif part in ("change-role", "remove-member"):
                change = MemberRoleForm(request.POST)
                if not change.is_valid():
                    raise NotFoundError(_("No such member"))
                member = change.cleaned_data["user"]
                if part == "remove-member":
                    services.remove_membership(user, organization, member)
                    messages.success(request, _("%(name)s was removed from the organization.")
                                     % {"name": member.username})
                else:
                    membership = services.set_membership(user, organization, member,
                                                         change.cleaned_data["role"])
                    messages.success(request, _("%(name)s is now %(role)s.") % {
                        "name": member.username, "role": membership.get_role_display()})
                return redirect("catalog:organization_manage", slug=organization.slug)
            else:
                raise DomainError(_("The form could not be understood. Reload the page and try again."))
        except DomainError as error:
            if error.status in (403, 404, 413):
                raise
            if part == "details":
                details.add_domain_error(error)
            elif part == "add-member":
                add_member.add_domain_error(error)
            elif part == "change-role":
                member_error = (int(request.POST.get("user", 0) or 0), str(error.message))
            else:
                raise
        status = 400
    return render(request, "catalog/staff/organization_manage.html", {
        "nav": "workspace",
        "organization": organization,
        "details": details,
        "add_member": add_member,
        "memberships": queries.organization_memberships(organization),
        "roles": Membership.Role.choices,
        "member_error": member_error,
        "events": audit.history(organization, 50),
    }, status=status)
