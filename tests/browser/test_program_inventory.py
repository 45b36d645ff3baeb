"""The data inventory and the roadmap in a real browser, in English and French: the public inventory (filters
and sorting without JavaScript), the "coming soon" page, and the staff's ranked list, all under axe."""

from __future__ import annotations

import pytest

from tests.browser.catalogue import PASSWORD
from tests.browser.snapshots import built_once
from tests.factories import make_dataset, make_user
from trousse.portal.catalog.models import Organization
from trousse.portal.catalog.services import organizations
from trousse.portal.program.inventory.sample import load_sample_inventory
from trousse.portal.program.models_inventory import InventoryItem
from trousse.sample.organizations import ORGANIZATIONS

pytestmark = pytest.mark.browser
INVENTORY = {"en": "Data inventory", "fr": "Inventaire des données"}
COMING = {"en": "Coming soon", "fr": "À venir"}


@pytest.fixture
def inventory(request: pytest.FixtureRequest) -> None:
    """The sample town's departments, one published dataset, and the sample inventory; a lead logs in."""
    built_once(request, "inventory", build_inventory)


def build_inventory() -> None:
    admin = make_user("lead", admin=True, password=PASSWORD)
    for org in ORGANIZATIONS:
        organizations.create_organization(admin, org.slug, {"name_en": org.name.en, "name_fr": org.name.fr})
    make_dataset(Organization.objects.get(slug="parks-recreation"), "street-trees", status="published",
                 actor=admin, reviewer=admin, acknowledge=True)
    load_sample_inventory(admin)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_public_inventory_roadmap_and_ranked_list_pass_axe(site, inventory, lang):  # type: ignore[no-untyped-def]
    page = site.page
    site.visit(f"/{lang}/")
    page.locator("footer").get_by_role("link", name=INVENTORY[lang], exact=True).click()
    site.arrive(f"/{lang}/program/inventory/")
    rows = page.locator("table.inventory-table tbody tr")
    public = InventoryItem.objects.filter(confidential=False).count()
    assert rows.count() == public < InventoryItem.objects.count()
    assert page.get_by_text("Payroll" if lang == "en" else "Paie", exact=True).count() == 0  # confidential
    assert page.locator("table.inventory-table a[href$='/datasets/street-trees/']").count() == 1
    site.screenshot(f"program-inventory-{lang}")

    # Filter by department and status with the form (a GET, no JavaScript), then sort by a column heading.
    page.locator("#inventory-department").select_option("finance")
    page.locator("#inventory-status").select_option("planned")
    page.locator("form.inventory-filters button[type=submit]").click()
    page.wait_for_url(lambda url: "department=finance" in url)
    site.check()
    assert rows.count() == 1  # the capital budget; payroll and tax arrears are confidential
    page.locator("#inventory-department").select_option("")
    page.locator("#inventory-status").select_option("")
    page.locator("form.inventory-filters button[type=submit]").click()
    page.wait_for_url(lambda url: "department=&" in url)
    site.check()
    page.locator("table.inventory-table thead a[href*='sort=-release']").click()
    page.wait_for_url(lambda url: "sort=-release" in url)
    site.check()
    assert page.locator("th[aria-sort=descending]").count() == 1

    # The roadmap, from the footer: months ahead, one item behind schedule, the calendar link.
    page.locator("footer").get_by_role("link", name=COMING[lang], exact=True).click()
    site.arrive(f"/{lang}/program/roadmap/")
    assert page.locator("section.roadmap-month").count() >= 6
    assert page.locator("#delayed-title").is_visible()
    assert page.locator("a[href^='/roadmap.ics']").count() == 1
    site.screenshot(f"program-roadmap-{lang}")

    # The staff's ranked list: highest score first, the formula, the weights form for the lead.
    site.visit(f"/{lang}/accounts/login/?next=/{lang}/workspace/program/inventory/")
    page.locator("#id_username").fill("lead")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    site.arrive(f"/{lang}/workspace/program/inventory/")
    assert page.locator("table.inventory-table tbody tr").count() == InventoryItem.objects.count()
    assert page.locator("th[aria-sort=descending] a[href*='sort=score']").count() == 1
    assert page.locator("section.formula code").is_visible()
    assert page.locator("form.weights-form input[name=risk]").input_value() == "2"
    site.screenshot(f"program-inventory-ranked-{lang}")
    page.locator("table.inventory-table thead a[href*='sort=name']").click()
    page.wait_for_url(lambda url: "sort=name" in url)
    site.check()
