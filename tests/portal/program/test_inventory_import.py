"""Importing departmental inventory spreadsheets through the real readers: CSV and XLSX, EN and FR headers,
the exact report of rejected rows, re-imports that update, and files refused with a clear message."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
import xlsxwriter
from django.utils import translation

from tests.factories import factory_admin, make_dataset, make_organization
from trousse.portal.core.models import AuditEvent
from trousse.portal.program.inventory import columns, files
from trousse.portal.program.inventory.importer import import_inventory
from trousse.portal.program.inventory.reader import InventoryFileError
from trousse.portal.program.models_inventory import InventoryItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are checked in English whatever language an earlier test left active in this thread."""
    with translation.override("en"):
        yield

HEADERS_EN = ["Name", "Department", "Steward", "Description", "Personal information", "Update frequency",
              "Public value", "Demand", "Effort", "Status", "Reason if not published", "Planned release", "Notes"]
ROWS_EN = [
    ["Street trees", "Parks and Recreation", "Forestry", "Every tree the town maintains.", "no", "annually",
     "4", "3", "1", "planned", "", "2027-03-31", "ok"],
    ["Payroll", "Finance", "HR", "Salaries.", "yes", "monthly", "2", "2", "3", "not publishable", "", "", ""],
    ["Snow routes", "Public Works", "", "", "maybe", "weekly", "7", "3", "2", "", "", "31/03/2027", ""],
    ["", "Public Works", "", "", "", "", "", "", "", "", "", "", ""],
    ["Water mains", "Public Works", "Engineering", "Pipes.", "no", "every full moon", "3", "high", "low",
     "in preparation", "", "", ""],
    ["Street Trees", "parks and recreation", "", "", "", "", "", "", "", "", "", "", "duplicate"],
    ["Dog licences", "Clerk", "", "", "oui", "", "3", "3", "3", "published", "", "", ""],
]


def csv_bytes(headers: list[str], rows: list[list[str]], encoding: str = "utf-8", sep: str = ",") -> bytes:
    lines = [sep.join(headers)] + [sep.join(f'"{c}"' if sep in c else c for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(headers: list[str], rows: list[list[object]], sheet: str = "Inventaire") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    cover = book.add_worksheet("Lisez-moi")
    cover.write_row(0, 0, ["Inventaire du service", "Version"])
    sheet_ = book.add_worksheet(sheet)
    sheet_.write_row(0, 0, headers)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for n, row in enumerate(rows, start=1):
        for m, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet_.write_datetime(n, m, dt.datetime.combine(value, dt.time()), date_format)
            elif value not in ("", None):
                sheet_.write(n, m, value)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def town() -> None:
    make_organization("parks-recreation", name_en="Parks and Recreation", name_fr="Parcs et loisirs")
    make_organization("public-works", name_en="Public Works", name_fr="Travaux publics")
    make_organization("finance", name_en="Finance", name_fr="Finances")


def _report(record, lang: str = "en") -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    with translation.override(lang):
        return [(r["row"], r["column"], columns.message(r["code"], r["params"])) for r in record.rejected]


def test_a_csv_with_good_and_bad_rows_imports_the_good_ones_and_reports_each_bad_cell(town) -> None:
    record = import_inventory(factory_admin(), [csv_bytes(HEADERS_EN, ROWS_EN)], "parks.csv")
    assert (record.rows, record.created_count, record.updated_count) == (7, 2, 0)
    assert _report(record) == [
        (3, "Reason if not published",
         "An item that is not publishable needs the reason, in English or in French."),
        (4, "Personal information", "“maybe” is not yes or no (oui or non)."),
        (4, "Public value", "“7” is not a rating: use a whole number from 1 to 5, or low, medium, high."),
        (4, "Planned release", "“31/03/2027” is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31."),
        (5, "Name", "Give the item’s name in English or in French."),
        (6, "Update frequency", "“every full moon” is not an update frequency: use daily, weekly, monthly, "
                                "quarterly, annually, as needed, irregular… (or the French words)."),
        (7, "Name", "The same item as row 2 of this file (same identifier, or same department and name): only the "
                    "first one is imported."),
    ]
    assert record.ignored == ["Notes"]
    trees = InventoryItem.objects.get(name_en="Street trees")
    assert trees.organization.slug == "parks-recreation" and trees.department_key == "parks-recreation"
    assert (trees.public_value, trees.demand, trees.effort, trees.personal_info) == (4, 3, 1, False)
    assert (trees.frequency, trees.status, trees.planned_release) == ("annual", "planned", dt.date(2027, 3, 31))
    assert trees.description_en == "Every tree the town maintains." and trees.description_fr == ""
    dogs = InventoryItem.objects.get(name_en="Dog licences")  # no such organization: kept as written
    assert (dogs.organization, dogs.department_key, dogs.personal_info) == (None, "clerk", True)
    event = AuditEvent.objects.get(action="inventory.import")
    assert event.changes["created"] == [None, 2] and event.changes["rejected"] == [None, 5]


def test_the_report_is_in_the_readers_language(town) -> None:
    record = import_inventory(factory_admin(), [csv_bytes(HEADERS_EN, ROWS_EN[2:3])], "x.csv")
    assert _report(record, "fr")[0] == (4 - 2, "Personal information", "« maybe » n’est ni oui ni non (yes ou no).")


def test_an_xlsx_with_french_headers_is_read_from_its_inventory_sheet(town) -> None:
    headers = ["Identifiant", "Nom", "Service", "Description", "Renseignements personnels", "Fréquence",
               "Valeur publique", "Demande", "Effort", "Statut", "Raison", "Date prévue"]
    rows: list[list[object]] = [
        ["TP-1", "Bornes d’incendie", "Travaux publics", "Emplacement des bornes.", "non", "Annuelle", 4, 4, 2,
         "Prévu", "", dt.date(2027, 6, 1)],
        ["TP-2", "Plaintes", "Travaux publics", "", "oui", "", 2.5, 1, 1, "Non publiable", "Renseignements "
         "personnels.", ""],
        ["TP-3", "Salaires", "Finances", "", "oui", "mensuel", 1, 1, 1, "non publiable",
         "Renseignements personnels des employés.", ""],
    ]
    record = import_inventory(factory_admin(), [xlsx_bytes(headers, rows)], "travaux.xlsx")
    assert record.sheet == "Inventaire"
    assert (record.created_count, _report(record)) == (2, [
        (3, "Valeur publique", "“2.5” is not a rating: use a whole number from 1 to 5, or low, medium, high.")])
    hydrants = InventoryItem.objects.get(external_id="TP-1")
    assert (hydrants.name_fr, hydrants.name_en, hydrants.description_fr) == (
        "Bornes d’incendie", "", "Emplacement des bornes.")  # a French sheet's "Description" is French
    assert (hydrants.organization.slug, hydrants.frequency, hydrants.planned_release) == (
        "public-works", "annual", dt.date(2027, 6, 1))
    salaries = InventoryItem.objects.get(external_id="TP-3")
    assert (salaries.status, salaries.reason_fr, salaries.organization.slug) == (
        "not_publishable", "Renseignements personnels des employés.", "finance")


def test_importing_again_updates_instead_of_duplicating(town) -> None:
    admin = factory_admin()
    import_inventory(admin, [csv_bytes(HEADERS_EN, ROWS_EN)], "parks.csv")
    assert InventoryItem.objects.count() == 2
    again = import_inventory(admin, [csv_bytes(HEADERS_EN, ROWS_EN)], "parks.csv")
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    # The same tree list in French, under the French organization name, with a new rating: one item, updated.
    changed = import_inventory(admin, [csv_bytes(["Nom", "Service", "Valeur publique", "Name (English)"],
                                                 [["Arbres de rue", "Parcs et loisirs", "5", "Street trees"]])],
                               "parcs.csv")
    assert (changed.created_count, changed.updated_count) == (0, 1)
    trees = InventoryItem.objects.get(name_en="Street trees")
    assert (trees.name_fr, trees.public_value, trees.demand) == ("Arbres de rue", 5, 3)  # blank cells keep values
    assert InventoryItem.objects.count() == 2


def test_an_identifier_column_matches_even_when_the_name_changes(town) -> None:
    admin = factory_admin()
    import_inventory(admin, [csv_bytes(["id", "Name", "Department"], [["A-1", "Parks", "Parks and Recreation"]])],
                     "a.csv")
    record = import_inventory(admin, [csv_bytes(["id", "Name", "Department"],
                                                [["A-1", "Parks and green spaces", "Parks and Recreation"]])], "b.csv")
    assert record.updated_count == 1 and InventoryItem.objects.get().name_en == "Parks and green spaces"


def test_a_dataset_column_links_the_item_and_an_unknown_one_is_rejected(town) -> None:
    dataset = make_dataset(make_organization("clerk"), "council-members", status="published")
    record = import_inventory(factory_admin(), [csv_bytes(["Name", "Department", "Dataset"], [
        ["Council members", "Clerk", "https://example.org/en/datasets/council-members/"],
        ["Minutes", "Clerk", "no-such-dataset"]])], "clerk.csv")
    assert InventoryItem.objects.get(name_en="Council members").dataset == dataset
    assert _report(record) == [(3, "Dataset", "No dataset has the short name “no-such-dataset”.")]


def test_the_template_reads_back_as_every_column(town) -> None:
    template = files.template_csv()
    assert template.startswith(b"\xef\xbb\xbf") and "Nom (français)".encode() in template
    filled = template + b"X-1,Trees,Arbres,Parks and Recreation,,,,,,,,,,,,,,,,\r\n"
    record = import_inventory(factory_admin(), [filled], "template.csv")
    assert record.created_count == 1 and record.ignored == []
    assert set(record.columns.values()) == {c.field for c in columns.COLUMNS}
    with pytest.raises(InventoryFileError) as refused:  # the blank workbook: its headers, but no rows yet
        import_inventory(factory_admin(), [files.template_xlsx()], "template.xlsx")
    assert refused.value.code == "no_rows"


@pytest.mark.parametrize(("content", "name", "code", "message"), [
    (b"", "empty.csv", "empty-file", "The file is empty."),
    (bytes(range(256)) * 40, "junk.xlsx", None, None),
    (b"Name,Steward\r\nTrees,Forestry\r\n", "nodept.csv", "missing_columns",
     "The file lacks a required column: Department / Service. The first row must hold the column headers, in "
     "English or French, as in the template."),
    (b"Department,Steward\r\nParks,Forestry\r\n", "noname.csv", "missing_columns",
     "The file lacks a required column: Name (English) / Nom (anglais)."),
    (b"Name,Department\r\n", "headers.csv", "no_rows", "The file has the column headers but no rows to import."),
])
def test_bad_files_are_refused_with_a_clear_message(town, content, name, code, message) -> None:
    with pytest.raises(InventoryFileError) as refused:
        import_inventory(factory_admin(), [content], name)
    if code:
        assert refused.value.code == code
    assert str(refused.value.message).startswith(message or "")
    assert str(refused.value.message)
    assert InventoryItem.objects.count() == 0
