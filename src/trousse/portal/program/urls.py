"""Addresses of the program toolkit (issue #6): staff pages under workspace/program/, public pages at their names."""

from django.urls import include, path

from trousse.portal.program.guide import views_public as guide_public
from trousse.portal.program.guide import views_staff as guide_staff
from trousse.portal.program.indicators import views as indicators
from trousse.portal.program.inventory import views_public as inventory_public
from trousse.portal.program.policy import views_public as policy_public
from trousse.portal.program.roadmap import views as roadmap
from trousse.portal.program.standards import views as standards

app_name = "program"
urlpatterns: list = [  # included under /<lang>/
    # The guide (public) and the launch path (staff)
    path("program/guide/", guide_public.guide, name="guide"),
    path("program/guide/<slug:slug>/", guide_public.chapter, name="chapter"),
    path("program/licence/", policy_public.licence_page, name="licence"),  # the licence in force (policy kit)
    path("workspace/program/", guide_staff.progress_view, name="progress"),
    path("workspace/program/stages/<slug:slug>/", guide_staff.stage, name="stage"),
    path("workspace/program/items/<str:code>/", guide_staff.mark_item, name="mark_item"),
    path("workspace/program/settings/", guide_staff.program_settings, name="settings"),
    # The readiness and maturity self-assessment (staff)
    path("workspace/program/assessment/", include("trousse.portal.program.assessment.urls")),
    # The policy kit (staff)
    path("workspace/program/policy/", include("trousse.portal.program.policy.urls")),
    # The data inventory (public and staff) and the roadmap (public)
    path("program/inventory/", inventory_public.inventory, name="public_inventory"),
    path("program/inventory/inventory.csv", inventory_public.inventory_csv, name="public_inventory_csv"),
    path("program/roadmap/", roadmap.coming_soon, name="roadmap"),
    path("workspace/program/inventory/", include("trousse.portal.program.inventory.urls")),
    # The dashboard and scorecard (public and staff) and the standards directory (public, tagged by leads)
    path("program/scorecard/", indicators.public_scorecard, name="scorecard"),
    path("program/scorecard/report.html", indicators.report_html, name="scorecard_report"),
    path("program/scorecard/report.docx", indicators.report_docx, name="scorecard_report_docx"),
    path("workspace/program/dashboard/", indicators.dashboard, name="dashboard"),
    path("workspace/program/dashboard/snapshot/", indicators.take_snapshot, name="dashboard_snapshot"),
    path("program/standards/", standards.directory, name="standards"),
    path("workspace/program/standards/tag/", standards.tag, name="standards_tag"),
    path("workspace/program/standards/<int:pk>/untag/", standards.untag, name="standards_untag"),
]
root_urlpatterns: list = [  # language-neutral addresses, included at the root (not namespaced)
    path("roadmap.ics", roadmap.roadmap_ics, name="roadmap_ics"),
]
