"""The inventory's pages through real HTTP: who may do what, the public view without confidential items,
the CSV download, the import form with bad files, sorting by GET, and an item becoming a draft dataset."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import (
    factory_admin,
    make_dataset,
    make_organization,
    make_upload,
    make_user,
    shared_savepoint,
)
from trousse.portal.catalog.models import Dataset, Organization
from trousse.portal.program.inventory import services
from trousse.portal.program.models_guide import ProgramLead
from trousse.portal.program.models_inventory import InventoryItem, InventoryWeights

pytestmark = pytest.mark.django_db
STAFF = "/en/workspace/program/inventory/"


def _item(name: str, department: str = "Parks", **values) -> InventoryItem:  # type: ignore[no-untyped-def]
    return services.save_item(factory_admin(), InventoryItem(), {"name_en": name, "department": department,
                                                                 **values})


@pytest.fixture
def parks() -> Organization:
    return make_organization("parks", name_en="Parks", name_fr="Parcs")


@pytest.fixture(scope="class")
def item_ids(shared_data: Path) -> Iterator[dict[str, int]]:
    """Parks with a published and a draft dataset, and four items (one confidential, one with formulas), built
    once for the tests of a class and undone after them."""
    with shared_savepoint():
        parks = make_organization("parks", name_en="Parks", name_fr="Parcs")
        published = make_dataset(parks, "street-trees", status="published")
        draft = make_dataset(parks, "secret-draft")
        items = {
            "trees": _item("Street trees", name_fr="Arbres de rue", public_value=4, demand=3, effort=1,
                           personal_info=False, dataset=published),
            "payroll": _item("Payroll", "Finance", confidential=True, public_value=1, demand=1, effort=5,
                             personal_info=True, status="not_publishable", reason_en="Personal information."),
            "formula": _item("=HYPERLINK(\"http://evil\")", "Parks", description_en="@SUM(1+1)", public_value=5,
                             demand=5, effort=5, planned_release=dt.date(2030, 1, 15), status="planned"),
            "draft": _item("Draft linked", public_value=2, demand=2, effort=2, dataset=draft),
        }
        yield {"parks": parks.pk, **{name: item.pk for name, item in items.items()}}


class TestWithItems:
    """The pages over one shared inventory."""

    @pytest.fixture
    def parks(self, item_ids: dict[str, int]) -> Organization:
        return Organization.objects.get(pk=item_ids["parks"])

    @pytest.fixture
    def media_root(self, shared_data: Path, settings) -> Path:  # type: ignore[no-untyped-def]
        """Read the class's stored files (its published dataset's) from the shared folder."""
        settings.MEDIA_ROOT = str(shared_data)
        return shared_data

    @pytest.fixture
    def items(self, item_ids: dict[str, int]) -> dict[str, InventoryItem]:
        """The class's items, read afresh for each test: one test's edits never reach the next."""
        return {name: InventoryItem.objects.get(pk=pk) for name, pk in item_ids.items() if name != "parks"}

    def test_the_public_sees_the_inventory_without_confidential_items(self, client: Client, items) -> None:
        page = client.get("/en/program/inventory/")
        html = page.content.decode()
        assert page.status_code == 200
        assert "Street trees" in html and "Payroll" not in html
        assert 'href="/en/datasets/street-trees/"' in html  # a published dataset links back from its item
        assert "secret-draft" not in html  # an unpublished dataset never leaks
        assert "Arbres de rue" in client.get("/fr/program/inventory/").content.decode()
        assert "Payroll" not in client.get("/en/program/inventory/?q=payroll&department=finance").content.decode()
        filtered = client.get("/en/program/inventory/?status=published").content.decode()
        assert "Street trees" in filtered and "Draft linked" not in filtered

    def test_a_published_dataset_links_back_to_its_public_inventory_item(self, client: Client, items, parks) -> None:
        html = client.get("/en/datasets/street-trees/").content.decode()
        assert "From the data inventory" in html
        assert f'href="/en/program/inventory/?q=Street%20trees#item-{items["trees"].uid}"' in html
        french = client.get("/fr/datasets/street-trees/").content.decode()
        assert "Arbres%20de%20rue#item-" in french
        # A confidential item is never shown, not even through the dataset it became.
        hidden = make_dataset(parks, "hidden-source", status="published")
        _item("Hidden source", confidential=True, dataset=hidden)
        assert "From the data inventory" not in client.get("/en/datasets/hidden-source/").content.decode()

    def test_the_public_csv_is_filtered_and_safe_from_formulas(self, client: Client, items) -> None:
        response = client.get("/fr/program/inventory/inventory.csv")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][:3] == ["Identifiant", "Nom (anglais)", "Nom (français)"]
        names = [r[1] for r in rows[1:]]
        assert "Payroll" not in names and len(rows) == 4
        evil = next(r for r in rows if "HYPERLINK" in r[1])
        assert evil[1].startswith("'=") and evil[4] == "'@SUM(1+1)"
        trees = next(r for r in rows if r[1] == "Street trees")
        assert trees[-1] == "http://testserver/fr/datasets/street-trees/" and trees[9] == "Publié"

    def test_the_ranked_list_sorts_by_any_column_through_get(self, client: Client, items) -> None:
        client.force_login(make_user("reader", role="member", organization=make_organization("finance")))
        html = client.get(STAFF).content.decode()  # by score, high first; confidential items are listed for staff
        assert html.index("Street trees") < html.index("Draft linked") < html.index("Payroll")
        assert 'aria-sort="descending"' in html and "How the score is computed" in html
        assert "Public requests count 0 for now" in html
        by_name = client.get(STAFF + "?sort=name").content.decode()
        assert by_name.index("Draft linked") < by_name.index("Payroll") < by_name.index("Street trees")
        assert 'href="?sort=-name"' in by_name  # the current column's link sorts the other way
        assert client.get(STAFF + "?sort=nonsense").status_code == 200

    def test_staff_read_and_only_program_leads_change(self, client: Client, items) -> None:
        member = make_user("member", role="member", organization=make_organization("finance"))
        client.force_login(member)
        item = items["trees"]
        assert client.get(f"{STAFF}items/{item.pk}/").status_code == 200
        assert client.get(STAFF + "template.xlsx").status_code == 200
        for url in ("import/", "new/", f"items/{item.pk}/edit/"):
            assert client.get(STAFF + url).status_code == 403
        assert client.post(STAFF + "weights/", {"public_value": 1, "demand": 1, "effort": 1, "risk": 1}).status_code == 403
        assert client.post(f"{STAFF}items/{item.pk}/delete/").status_code == 403
        assert InventoryItem.objects.filter(pk=item.pk).exists()
        ProgramLead.objects.create(user=member)
        member = type(member).objects.get(pk=member.pk)
        client.force_login(member)
        assert client.get(STAFF + "import/").status_code == 200
        response = client.post(f"{STAFF}items/{item.pk}/edit/", {"name_en": "Street trees", "department": "Parks",
                                                                  "frequency": "annual", "status": "planned",
                                                                  "public_value": "5"})
        assert response.status_code == 302
        assert InventoryItem.objects.get(pk=item.pk).public_value == 5

    def test_visitors_are_sent_to_login_from_staff_pages(self, client: Client, items) -> None:
        assert client.get(STAFF).status_code == 302
        assert client.get(STAFF + "import/").status_code == 302

    def test_weights_change_the_ranking(self, client: Client, items) -> None:
        client.force_login(factory_admin())
        assert client.post(STAFF + "weights/", {"public_value": 0, "demand": 0, "effort": 1, "risk": 0}).status_code == 302
        html = client.get(STAFF).content.decode()  # effort alone: the least work first
        assert html.index("Street trees") < html.index("Draft linked") < html.index("HYPERLINK")
        refused = client.post(STAFF + "weights/", {"public_value": 0, "demand": 0, "effort": 0, "risk": 0}, follow=True)
        assert "At least one weight must be above 0." in refused.content.decode()
        assert InventoryWeights.objects.get().effort == 1

    def test_an_items_history_names_what_changed_in_the_page_language(self, client: Client, items) -> None:
        item = items["trees"]
        services.save_item(factory_admin(), item, {"effort": 2, "steward": "Urban forestry"})
        client.force_login(factory_admin())
        html = client.get(f"/fr{STAFF[3:]}items/{item.pk}/").content.decode()
        assert "modifié (Intendant des données, Effort de publication)" in html

    def test_a_lead_opens_every_staff_page(self, client: Client, items) -> None:
        client.force_login(factory_admin())
        item = items["trees"]
        for url in ("", "new/", "import/", f"items/{item.pk}/", f"items/{item.pk}/edit/", "template.csv"):
            assert client.get(STAFF + url).status_code == 200, url
        assert client.get(STAFF + "template.pdf").status_code == 404
        page = client.get(f"{STAFF}items/{items['formula'].pk}/").content.decode()
        assert "Create a draft dataset from this item" in page
        assert "Create a draft dataset" not in client.get(f"{STAFF}items/{item.pk}/").content.decode()  # linked
        created = client.post(STAFF + "new/", {"name_fr": "Bancs", "department": "Parcs", "frequency": "unknown",
                                               "status": "not_publishable"})
        assert created.status_code == 400  # no reason given
        assert "needs the reason" in created.content.decode()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "The submitted file is empty."),
    ("junk.xlsx", bytes(range(256)) * 40, "The workbook is damaged or incomplete"),
    ("junk.csv", bytes(range(256)) * 40, "The file is not a text table"),
    ("cols.csv", b"Nom,Statut\r\nArbres,Prevu\r\n", "The file lacks a required column: Department / Service."),
])
def test_bad_files_get_a_clear_message_never_a_500(client: Client, parks, name, content, message) -> None:
    client.force_login(factory_admin())
    response = client.post(STAFF + "import/", {"file": make_upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")


def test_an_upload_goes_to_its_report(client: Client, parks) -> None:
    client.force_login(factory_admin())
    body = "Nom,Service,Valeur publique\r\nArbres,Parcs,9\r\nParcs,Parcs,4\r\n"
    response = client.post("/fr" + STAFF[3:] + "import/", {"file": make_upload("parcs.csv", body)})
    assert response.status_code == 302
    report = client.get(response["Location"]).content.decode()
    assert "« 9 » n’est pas une note : utilisez un nombre entier de 1 à 5, ou faible, moyen, élevé." in report
    assert "<th scope=\"row\" class=\"numeric\">2</th><td>Valeur publique</td>" in report
    assert "1 élément ajouté" in report and "1 ligne rejetée" in report
    assert client.get("/en" + response["Location"][3:]).content.decode().count("is not a rating") == 1
    assert InventoryItem.objects.get().name_fr == "Parcs"


def test_an_item_becomes_a_draft_dataset_of_its_department(client: Client, parks) -> None:
    item = _item("Playgrounds", "Parcs", name_fr="Aires de jeux", description_en="Every playground.",
                 frequency="annual", steward="Parks planning", status="planned")
    client.force_login(factory_admin())
    response = client.post(f"{STAFF}items/{item.pk}/draft/")
    dataset = Dataset.objects.get(slug="playgrounds")
    assert response.status_code == 302 and response["Location"] == "/en/workspace/datasets/playgrounds/"
    assert (dataset.status, dataset.organization, dataset.title_fr, dataset.description_en, dataset.frequency) == (
        "draft", parks, "Aires de jeux", "Every playground.", "annual")
    item.refresh_from_db()
    assert (item.dataset, item.status) == (dataset, "in_progress")
    assert client.get(f"{STAFF}items/{item.pk}/").content.decode().count("/en/workspace/datasets/playgrounds/") >= 1
    # Once linked, the item cannot make a second one.
    client.post(f"{STAFF}items/{item.pk}/draft/")
    assert Dataset.objects.count() == 1


def test_an_item_whose_department_is_no_organization_cannot_become_a_dataset(client: Client, parks) -> None:
    item = _item("Fleet", "Garage municipal")
    client.force_login(factory_admin())
    response = client.post(f"{STAFF}items/{item.pk}/draft/", follow=True)
    assert "No organization matches the department “Garage municipal”" in response.content.decode()
    assert not Dataset.objects.exists()
