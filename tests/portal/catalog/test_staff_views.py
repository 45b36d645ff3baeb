"""The staff workspace pages, driven through the Django test client with the real services."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import make_dataset, make_organization, make_upload, make_user, prepare_publication
from trousse.portal.catalog.models import Dataset, Membership, Organization, Resource
from trousse.portal.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db

CSV = b"id,species,height_m\n1,Acer saccharum,12.5\n2,Quercus rubra,9.0\n"
CSV_V2 = CSV + b"3,Tilia americana,7.2\n"


# --- helpers ----------------------------------------------------------------------------------------


def url(name: str, lang: str = "en", **kwargs: object) -> str:
    with translation.override(lang):
        return reverse(f"catalog:{name}", kwargs=kwargs or None)


def client_for(user: User | AnonymousUser | None, **options: object) -> Client:
    client = Client(**options)
    if isinstance(user, User):
        client.force_login(user)
    return client


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def field_error(response, field: str) -> str:  # type: ignore[no-untyped-def]
    """Return the text of the error shown beside ``field`` ('' when none)."""
    match = re.search(rf'<p class="field-error" id="id_{field}_error">(.*?)</p>', text(response), re.DOTALL)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def dataset_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "organization": "parks",
        "slug": "street-trees",
        "title_en": "Street trees",
        "title_fr": "Arbres de rue",
        "description_en": "Every tree the city **maintains** along its streets.",
        "description_fr": "Chaque arbre que la ville **entretient** le long de ses rues.",
        "keywords_en": "trees, canopy, Trees",
        "keywords_fr": "arbres, canopée",
        "publisher_en": "Forestry Services",
        "publisher_fr": "Services forestiers",
        "themes": ["environment"],
        "licence": "ogl-canada-2.0",
        "contact_name": "Forestry",
        "contact_email": "forestry@example.ca",
        "contact_phone": "613-555-0100",
        "spatial_en": "The whole city",
        "spatial_fr": "Toute la ville",
        "temporal_start": "2020-01-01",
        "temporal_end": "2024-12-31",
        "frequency": "monthly",
        "access_level": "public",
        "access_reason_en": "",
        "access_reason_fr": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def parks() -> Organization:
    return make_organization("parks")


@pytest.fixture
def editor(parks: Organization) -> User:
    return make_user("eli", role="editor", organization=parks)


@pytest.fixture
def reviewer() -> User:
    return make_user("rey", reviewer=True)


@pytest.fixture
def draft(parks: Organization) -> Dataset:
    return make_dataset(parks, "tree-inventory", title_fr="Inventaire des arbres", description_fr="Les arbres.")


# --- access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, kwargs", [
    ("workspace", {}), ("review_queue", {}), ("dataset_create", {}),
    ("dataset_manage", {"slug": "tree-inventory"}), ("dataset_edit", {"slug": "tree-inventory"}),
    ("resource_create", {"slug": "tree-inventory"}), ("organization_manage", {"slug": "parks"}),
])
def test_anonymous_visitors_are_sent_to_the_login_page(draft: Dataset, name: str, kwargs: dict) -> None:
    response = Client().get(url(name, **kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_anonymous_french_visitors_log_in_in_french() -> None:
    response = Client().get("/fr/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_an_account_without_any_role_is_refused(parks: Organization) -> None:
    nobody = make_user("nobody")
    client = client_for(nobody)
    assert client.get(url("workspace")).status_code == 403
    assert client.get(url("dataset_create")).status_code == 403


def test_a_transition_needs_post_and_a_known_action(editor: User, draft: Dataset) -> None:
    client = client_for(editor)
    assert client.get(url("dataset_transition", slug=draft.slug, action="submit")).status_code == 405
    assert client.post(url("dataset_transition", slug=draft.slug, action="explode")).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Dataset.Status.DRAFT


# --- the workspace and the review queue -------------------------------------------------------------


def test_workspace_lists_the_users_datasets_with_status_and_completeness(
        parks: Organization, editor: User, draft: Dataset) -> None:
    other = make_organization("finance")
    make_dataset(other, "budget-2024")
    response = client_for(editor).get(url("workspace"))
    body = text(response)
    assert response.status_code == 200
    assert body.count("<h1>") == 1
    assert "Tree inventory" in body and "Budget 2024" not in body
    assert 'class="badge badge-draft"' in body and ">Draft<" in body
    assert f"{draft.completeness}%" in body
    assert url("dataset_create") in body  # editors create
    assert url("review_queue") not in body and "/accounts/audit/" not in body  # not a reviewer


def test_workspace_filters_by_status_and_organization(parks: Organization, reviewer: User) -> None:
    make_dataset(parks, "tree-inventory")
    make_dataset(parks, "park-hours", status=Dataset.Status.PUBLISHED)
    make_dataset(make_organization("finance"), "budget-2024", status=Dataset.Status.IN_REVIEW)
    client = client_for(reviewer)
    published = text(client.get(url("workspace"), {"status": "published"}))
    assert "Park hours" in published and "Tree inventory" not in published and "Budget 2024" not in published
    finance = text(client.get(url("workspace"), {"organization": "finance"}))
    assert "Budget 2024" in finance and "Park hours" not in finance
    everything = text(client.get(url("workspace")))
    assert url("review_queue") in everything and "1 dataset waiting" in everything
    assert "/accounts/audit/" in everything
    assert url("dataset_create") not in everything  # a reviewer creates nowhere


def test_review_queue_shows_submitter_and_date(parks: Organization, editor: User, reviewer: User) -> None:
    make_dataset(parks, "tree-inventory", status=Dataset.Status.IN_REVIEW, actor=editor)
    body = text(client_for(reviewer).get(url("review_queue")))
    assert "Tree inventory" in body and "eli" in body and "Parks" in body
    assert client_for(editor).get(url("review_queue")).status_code == 403


def test_without_required_review_an_organization_admin_has_a_review_queue(  # type: ignore[no-untyped-def]
        settings, parks: Organization, editor: User) -> None:
    make_dataset(parks, "tree-inventory", status=Dataset.Status.IN_REVIEW, actor=editor)
    make_dataset(make_organization("finance"), "budget-2024", status=Dataset.Status.IN_REVIEW)
    admin = make_user("ada", role="admin", organization=parks)
    client = client_for(admin)
    settings.REQUIRE_REVIEW = True
    assert client.get(url("review_queue")).status_code == 403
    assert url("review_queue") not in text(client.get(url("workspace")))

    settings.REQUIRE_REVIEW = False
    assert "1 dataset waiting" in text(client.get(url("workspace")))
    body = text(client.get(url("review_queue")))
    assert "Tree inventory" in body and "eli" in body
    assert "Budget 2024" not in body  # another organization's submission
    assert client_for(editor).get(url("review_queue")).status_code == 403  # editors still do not review


def test_french_workspace_renders(parks: Organization, editor: User, draft: Dataset) -> None:
    response = client_for(editor).get("/fr/workspace/")
    body = text(response)
    assert response.status_code == 200
    assert '<html lang="fr">' in body
    assert "Ébauche" in body  # the status label comes from the bilingual vocabulary
    assert "/fr/workspace/datasets/tree-inventory/" in body
    manage = client_for(editor).get(url("dataset_manage", lang="fr", slug=draft.slug))
    assert manage.status_code == 200 and '<html lang="fr">' in text(manage)
    assert "Mots-clés (français)" in text(manage)  # completeness labels in the page language
    assert client_for(editor).get(url("dataset_create", lang="fr")).status_code == 200


# --- creating and editing a dataset -----------------------------------------------------------------


def test_create_a_dataset_in_both_languages(parks: Organization, editor: User) -> None:
    client = client_for(editor)
    response = client.post(url("dataset_create"), dataset_post())
    assert response.status_code == 302
    assert response["Location"] == url("dataset_manage", slug="street-trees")
    dataset = Dataset.objects.get(slug="street-trees")
    assert (dataset.title_en, dataset.title_fr) == ("Street trees", "Arbres de rue")
    assert dataset.description_fr.startswith("Chaque arbre")
    assert (dataset.publisher_en, dataset.publisher_fr) == ("Forestry Services", "Services forestiers")
    assert dataset.organization == parks and dataset.created_by == editor
    assert dataset.status == Dataset.Status.DRAFT
    assert dataset.licence.code == "ogl-canada-2.0"
    assert [t.code for t in dataset.themes.all()] == ["environment"]
    assert sorted((t.lang, t.name) for t in dataset.tags.all()) == [
        ("en", "canopy"), ("en", "trees"), ("fr", "arbres"), ("fr", "canopée")]
    assert str(dataset.temporal_start) == "2020-01-01" and str(dataset.temporal_end) == "2024-12-31"
    assert (dataset.frequency, dataset.access_level, dataset.contact_email) == (
        "monthly", "public", "forestry@example.ca")
    event = AuditEvent.objects.get(action="dataset.create", object_id=str(dataset.pk))
    assert event.actor == editor
    assert event.changes["title_fr"] == [None, "Arbres de rue"]
    follow = client.get(response["Location"])
    assert "Street trees" in text(follow) and "The dataset was created as a draft." in text(follow)


def test_create_form_defaults_and_accessibility(parks: Organization, editor: User) -> None:
    body = text(client_for(editor).get(url("dataset_create")))
    assert body.count("<h1>") == 1
    assert '<option value="ogl-municipal" selected>' in body  # the municipal licence by default
    assert '<option value="parks" selected>' in body  # the only organization is chosen
    assert '<label for="id_title_fr">' in body
    assert 'aria-describedby="id_description_en_helptext"' in body and "Markdown" in body
    assert '<legend><span lang="en">English</span></legend>' in body
    assert '<legend><span lang="fr">Français</span></legend>' in body
    assert 'lang="fr"' in body.split('id="id_title_fr"')[0].rsplit("<input", 1)[1]


def test_a_short_name_used_by_the_sites_pages_is_refused_on_its_field(parks: Organization,
                                                                     editor: User) -> None:
    response = client_for(editor).post(url("dataset_create"), dataset_post(slug="new"))
    assert response.status_code == 400
    assert "cannot be a short name" in field_error(response, "slug")
    assert not Dataset.objects.filter(slug="new").exists()


def test_short_name_is_suggested_from_the_title(parks: Organization, editor: User) -> None:
    response = client_for(editor).post(url("dataset_create"), dataset_post(slug="", title_en="",
                                                                           title_fr="Érables du parc"))
    assert response.status_code == 302
    assert Dataset.objects.filter(slug="erables-du-parc").exists()


def test_duplicate_short_name_is_refused_on_its_field(parks: Organization, editor: User, draft: Dataset) -> None:
    before = (Dataset.objects.count(), AuditEvent.objects.count())
    response = client_for(editor).post(url("dataset_create"), dataset_post(slug=draft.slug))
    assert response.status_code == 400
    assert "already exists" in field_error(response, "slug")
    body = text(response)
    assert 'role="alert"' in body and 'href="#id_slug"' in body
    assert re.search(r'<input[^>]*name="slug"[^>]*aria-invalid="true"', body)
    assert 'value="Arbres de rue"' in body  # what was typed is kept
    assert (Dataset.objects.count(), AuditEvent.objects.count()) == before


def test_missing_title_is_refused_and_nothing_is_saved(parks: Organization, editor: User) -> None:
    response = client_for(editor).post(url("dataset_create"), dataset_post(title_en="", title_fr=""))
    assert response.status_code == 400
    assert "Title is required" in field_error(response, "title_en")
    assert field_error(response, "slug") == ""  # no title, so no short name to suggest: one error, not two
    assert 'href="#id_title_en"' in text(response)
    assert 'forestry@example.ca' in text(response)
    assert not Dataset.objects.exists()


def test_limited_access_needs_a_reason(parks: Organization, editor: User) -> None:
    response = client_for(editor).post(url("dataset_create"), dataset_post(access_level="restricted"))
    assert response.status_code == 400
    assert field_error(response, "access_reason_en")
    assert not Dataset.objects.exists()


def test_an_editor_cannot_create_in_another_organization(parks: Organization, editor: User) -> None:
    make_organization("finance")
    response = client_for(editor).post(url("dataset_create"), dataset_post(organization="finance"))
    assert response.status_code == 400
    assert field_error(response, "organization")
    assert not Dataset.objects.exists()


def test_tampered_form_gets_the_403_page_in_the_page_language(parks: Organization, editor: User) -> None:
    client = client_for(editor, enforce_csrf_checks=True)
    response = client.post(url("dataset_create", lang="fr"), dataset_post())
    assert response.status_code == 403
    with translation.override("fr"):
        expected = translation.gettext("The form expired or was altered. Go back, reload the page and try "
                                       "again; what you typed may need to be entered again.")
    body = text(response)
    assert '<html lang="fr">' in body
    assert expected in body.replace("&#x27;", "'").replace("&#39;", "'")
    assert not Dataset.objects.exists()


def test_edit_a_dataset_keeps_values_on_error_and_saves(editor: User, draft: Dataset) -> None:
    client = client_for(editor)
    page = text(client.get(url("dataset_edit", slug=draft.slug)))
    assert 'value="Tree inventory"' in page and 'name="slug"' not in page
    bad = client.post(url("dataset_edit", slug=draft.slug), dataset_post(
        title_en="Trees", temporal_start="2024-01-01", temporal_end="2020-01-01"))
    assert bad.status_code == 400
    assert "ends before it starts" in field_error(bad, "temporal_end")
    assert 'value="Trees"' in text(bad)
    draft.refresh_from_db()
    assert draft.title_en == "Tree inventory"
    good = client.post(url("dataset_edit", slug=draft.slug), dataset_post(title_en="Trees"))
    assert good.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "Trees" and draft.slug == "tree-inventory"
    assert AuditEvent.objects.filter(action="dataset.update", object_id=str(draft.pk)).exists()


def test_a_member_can_read_but_not_edit(parks: Organization, draft: Dataset) -> None:
    member = make_user("mia", role="member", organization=parks)
    client = client_for(member)
    manage = client.get(url("dataset_manage", slug=draft.slug))
    assert manage.status_code == 200
    assert url("dataset_edit", slug=draft.slug) not in text(manage)
    assert "Submit for review" not in text(manage)
    assert client.get(url("dataset_edit", slug=draft.slug)).status_code == 403
    assert client.post(url("dataset_edit", slug=draft.slug), dataset_post(title_en="Hacked")).status_code == 403
    assert client.post(url("dataset_transition", slug=draft.slug, action="submit")).status_code == 403
    assert client.get(url("resource_create", slug=draft.slug)).status_code == 403
    draft.refresh_from_db()
    assert draft.title_en == "Tree inventory" and draft.status == Dataset.Status.DRAFT


def test_an_editor_of_another_organization_cannot_manage(draft: Dataset) -> None:
    outsider = make_user("oto", role="editor", organization=make_organization("finance"))
    client = client_for(outsider)
    assert client.get(url("dataset_manage", slug=draft.slug)).status_code in (403, 404)
    assert client.get(url("dataset_edit", slug=draft.slug)).status_code in (403, 404)
    published = make_dataset(draft.organization, "park-hours", status=Dataset.Status.PUBLISHED)
    assert client.get(url("dataset_manage", slug=published.slug)).status_code == 403


# --- files and links --------------------------------------------------------------------------------


def test_upload_a_csv_then_a_second_version(parks: Organization, editor: User) -> None:
    dataset = make_dataset(parks, "street-trees", files=())
    client = client_for(editor)
    response = client.post(url("resource_create", slug=dataset.slug), {
        "file": make_upload("trees.csv", CSV), "name_en": "Trees", "name_fr": "Arbres",
        "description_en": "", "description_fr": "", "format": "", "language": "zxx",
    })
    assert response.status_code == 302
    resource = Resource.objects.get(dataset=dataset)
    first = resource.versions.get()
    assert (first.number, first.filename, first.size) == (1, "trees.csv", len(CSV))
    assert first.sha256 == hashlib.sha256(CSV).hexdigest()
    assert resource.format == "CSV"  # detected from the file name

    upload_page = client.get(url("resource_upload", slug=dataset.slug, resource_id=resource.pk))
    assert upload_page.status_code == 200 and "trees.csv" in text(upload_page)
    response = client.post(url("resource_upload", slug=dataset.slug, resource_id=resource.pk),
                           {"file": make_upload("trees.csv", CSV_V2), "note": "Added a linden."})
    assert response.status_code == 302
    second = resource.versions.get(number=2)
    assert second.sha256 == hashlib.sha256(CSV_V2).hexdigest() and second.note == "Added a linden."
    resource.refresh_from_db()
    assert resource.current_version == second

    manage = text(client.get(url("dataset_manage", slug=dataset.slug)))
    assert f"/files/{resource.pk}/v1/trees.csv" in manage and f"/files/{resource.pk}/v2/trees.csv" in manage
    assert second.sha256[:12] in manage
    assert client.get(f"/files/{resource.pk}/v1/trees.csv").getvalue() == CSV  # type: ignore[attr-defined]


def test_an_empty_upload_is_refused_and_versions_stay(parks: Organization, editor: User) -> None:
    dataset = make_dataset(parks, "street-trees", files=[("trees.csv", CSV)])
    resource = dataset.resources.get()
    client = client_for(editor)
    response = client.post(url("resource_upload", slug=dataset.slug, resource_id=resource.pk),
                           {"file": make_upload("trees.csv", b""), "note": ""})
    assert response.status_code == 400
    assert "0 bytes" in field_error(response, "file")
    assert list(resource.versions.values_list("number", flat=True)) == [1]
    new = client.post(url("resource_create", slug=dataset.slug), {
        "file": make_upload("empty.csv", b""), "name_en": "Empty", "language": "zxx"})
    assert new.status_code == 400 and "0 bytes" in field_error(new, "file")
    assert dataset.resources.count() == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_oversized_upload_gets_the_413_page(settings, parks: Organization, editor: User,  # type: ignore[no-untyped-def]
                                               lang: str) -> None:
    dataset = make_dataset(parks, "street-trees", files=[("trees.csv", CSV)])
    resource = dataset.resources.get()
    page = url("resource_upload", lang, slug=dataset.slug, resource_id=resource.pk)
    # As in production, the CSRF check reads the body first: the stream passes the limit while it is parsed
    # (the declared length is under the limit plus the envelope, so UploadLimitMiddleware lets it in).
    client = client_for(editor, enforce_csrf_checks=True)
    client.get(page)
    settings.MAX_UPLOAD_BYTES = 20
    response = client.post(page, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value,
                                  "file": make_upload("trees.csv", CSV_V2)})
    assert response.status_code == 413
    assert f'<html lang="{lang}">' in text(response)
    with translation.override(lang):
        assert translation.gettext("The upload is too large") in text(response)
    assert list(resource.versions.values_list("number", flat=True)) == [1]


def test_add_a_link_and_edit_it(parks: Organization, editor: User) -> None:
    dataset = make_dataset(parks, "street-trees", files=())
    client = client_for(editor)
    both = client.post(url("resource_create", slug=dataset.slug), {
        "file": make_upload("trees.csv", CSV), "url": "https://example.ca/trees.csv", "name_en": "Trees",
        "language": "zxx"})
    assert both.status_code == 400 and field_error(both, "url")
    response = client.post(url("resource_create", slug=dataset.slug), {
        "url": "https://example.ca/trees.geojson", "name_en": "Tree map", "name_fr": "Carte des arbres",
        "language": "en+fr"})
    assert response.status_code == 302
    link = dataset.resources.get()
    assert (link.kind, link.format, link.language) == ("link", "GEOJSON", "en+fr")
    assert client.get(url("resource_upload", slug=dataset.slug, resource_id=link.pk)).status_code == 404
    nameless = client.post(url("resource_edit", slug=dataset.slug, resource_id=link.pk), {
        "name_en": "", "name_fr": "", "url": "https://example.ca/trees.geojson", "language": "en"})
    assert nameless.status_code == 400 and field_error(nameless, "name_en")
    edited = client.post(url("resource_edit", slug=dataset.slug, resource_id=link.pk), {
        "name_en": "Tree map", "name_fr": "Carte", "url": "https://example.ca/v2/trees.geojson",
        "format": "GEOJSON", "language": "en"})
    assert edited.status_code == 302
    link.refresh_from_db()
    assert (link.url, link.name_fr, link.language) == ("https://example.ca/v2/trees.geojson", "Carte", "en")


def test_remove_a_resource_of_a_draft_after_confirming_and_it_is_audited(parks: Organization, editor: User,
                                                                       draft: Dataset) -> None:
    resource = draft.resources.get()
    client = client_for(editor)
    edit_page = text(client.get(url("resource_edit", slug=draft.slug, resource_id=resource.pk)))
    remove = url("resource_delete", slug=draft.slug, resource_id=resource.pk)
    assert f'action="{remove}"' in edit_page and 'name="confirm"' in edit_page
    assert client.get(remove).status_code == 405  # removing is a POST

    unconfirmed = client.post(remove)
    assert unconfirmed.status_code == 400 and "Tick the box" in field_error(unconfirmed, "remove_confirm")
    assert Resource.objects.filter(pk=resource.pk).exists()

    response = client.post(remove, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1] == (url("dataset_manage", slug=draft.slug), 302)
    assert "The resource was removed." in text(response)
    assert not Resource.objects.filter(pk=resource.pk).exists()
    event = AuditEvent.objects.get(action="resource.delete", object_id=str(resource.pk))
    assert (event.actor, event.organization_id) == (editor, parks.pk)


def test_a_resource_of_a_published_dataset_cannot_be_removed(parks: Organization, editor: User) -> None:
    dataset = make_dataset(parks, "park-hours", status=Dataset.Status.PUBLISHED)
    resource = dataset.resources.get()
    client = client_for(editor)
    edit_page = text(client.get(url("resource_edit", slug=dataset.slug, resource_id=resource.pk)))
    remove = url("resource_delete", slug=dataset.slug, resource_id=resource.pk)
    assert remove not in edit_page  # no form where removing would be refused
    response = client.post(remove, {"confirm": "yes"})
    assert response.status_code == 409 and "archived" in text(response)
    assert Resource.objects.filter(pk=resource.pk).exists()
    assert not AuditEvent.objects.filter(action="resource.delete").exists()
    # Restored as a draft, it was still published once: its files stay.
    archived = make_dataset(parks, "old-hours", status=Dataset.Status.ARCHIVED)
    restored = client_for(make_user("sam", admin=True)).post(
        url("dataset_transition", slug=archived.slug, action="restore"))
    assert restored.status_code == 302
    old = archived.resources.get()
    assert client.post(url("resource_delete", slug=archived.slug, resource_id=old.pk),
                       {"confirm": "yes"}).status_code == 409
    assert Resource.objects.filter(pk=old.pk).exists()


def test_others_cannot_remove_a_resource(parks: Organization, draft: Dataset) -> None:
    resource = draft.resources.get()
    remove = url("resource_delete", slug=draft.slug, resource_id=resource.pk)
    member = make_user("mia", role="member", organization=parks)
    outsider = make_user("oto", role="editor", organization=make_organization("finance"))
    assert client_for(member).post(remove, {"confirm": "yes"}).status_code == 403
    assert client_for(outsider).post(remove, {"confirm": "yes"}).status_code == 404
    elsewhere = make_dataset(parks, "park-hours")
    editor = client_for(make_user("eli", role="editor", organization=parks))
    wrong_dataset = url("resource_delete", slug=elsewhere.slug, resource_id=resource.pk)
    assert editor.post(wrong_dataset, {"confirm": "yes"}).status_code == 404
    assert Resource.objects.filter(pk=resource.pk).exists()


# --- the review workflow ----------------------------------------------------------------------------


def test_submit_then_a_reviewer_approves(settings, editor: User, reviewer: User,  # type: ignore[no-untyped-def]
                                        draft: Dataset) -> None:
    settings.REQUIRE_REVIEW = True
    prepare_publication(draft)  # its file screened and the privacy questionnaire answered (issue #5)
    response = client_for(editor).post(url("dataset_transition", slug=draft.slug, action="submit"),
                                       {"comment": "Ready."}, follow=True)
    assert response.status_code == 200 and "submitted for review" in text(response)
    draft.refresh_from_db()
    assert draft.status == Dataset.Status.IN_REVIEW
    assert AuditEvent.objects.get(action="dataset.submit", object_id=str(draft.pk)).comment == "Ready."
    for action in ("approve", "send-back", "publish"):  # the editor waits for a reviewer
        assert url("dataset_transition", slug=draft.slug, action=action) not in text(response)

    client = client_for(reviewer)
    manage = text(client.get(url("dataset_manage", slug=draft.slug)))
    assert "Approve and publish" in manage and "Send back to the editors" in manage
    assert "Submitted for review by eli" in manage
    response = client.post(url("dataset_transition", slug=draft.slug, action="approve"), follow=True)
    draft.refresh_from_db()
    assert draft.status == Dataset.Status.PUBLISHED and draft.published_at is not None
    assert url("dataset", slug=draft.slug) in text(response)  # link to the public page
    assert AuditEvent.objects.filter(action="dataset.approve", actor=reviewer).exists()


def test_send_back_needs_a_comment(editor: User, reviewer: User, parks: Organization) -> None:
    dataset = make_dataset(parks, "tree-inventory", status=Dataset.Status.IN_REVIEW, actor=editor)
    client = client_for(reviewer)
    refused = client.post(url("dataset_transition", slug=dataset.slug, action="send-back"), {"comment": "  "})
    assert refused.status_code == 400
    assert "comment is required" in field_error(refused, "send_back_comment")
    assert 'aria-invalid="true"' in text(refused)
    dataset.refresh_from_db()
    assert dataset.status == Dataset.Status.IN_REVIEW

    sent = client.post(url("dataset_transition", slug=dataset.slug, action="send-back"),
                       {"comment": "Add the French description."})
    assert sent.status_code == 302
    dataset.refresh_from_db()
    assert dataset.status == Dataset.Status.DRAFT
    assert dataset.review_comment == "Add the French description."
    page = text(client_for(editor).get(url("dataset_manage", slug=dataset.slug)))
    assert "Sent back by the reviewer" in page and "Add the French description." in page


def test_submit_refused_when_not_ready_shows_why(parks: Organization, editor: User) -> None:
    dataset = make_dataset(parks, "tree-inventory", files=())
    response = client_for(editor).post(url("dataset_transition", slug=dataset.slug, action="submit"))
    assert response.status_code == 400
    assert "at least one file or link" in text(response)
    dataset.refresh_from_db()
    assert dataset.status == Dataset.Status.DRAFT


def test_invalid_state_is_a_conflict(editor: User, reviewer: User, draft: Dataset) -> None:
    prepare_publication(draft)  # nothing but its state stands in the way
    response = client_for(reviewer).post(url("dataset_transition", slug=draft.slug, action="approve"))
    assert response.status_code == 409
    assert "not possible now" in text(response)


def test_a_site_admin_publishes_directly_and_archives_and_restores(parks: Organization, draft: Dataset) -> None:
    admin = make_user("sam", admin=True)
    prepare_publication(draft)  # its file screened and the privacy questionnaire answered (issue #5)
    client = client_for(admin)
    assert 'action="' + url("dataset_transition", slug=draft.slug, action="publish") in text(
        client.get(url("dataset_manage", slug=draft.slug)))
    assert client.post(url("dataset_transition", slug=draft.slug, action="publish")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Dataset.Status.PUBLISHED
    assert client.post(url("dataset_transition", slug=draft.slug, action="archive"),
                       {"comment": "Replaced"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Dataset.Status.ARCHIVED
    assert client.get(url("dataset_edit", slug=draft.slug)).status_code == 403  # archived is read-only
    assert client.post(url("dataset_transition", slug=draft.slug, action="restore")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Dataset.Status.DRAFT
    # It was published once, so it cannot be deleted.
    assert "Delete the draft" not in text(client.get(url("dataset_manage", slug=draft.slug)))


def test_delete_a_draft_needs_confirmation(editor: User, draft: Dataset) -> None:
    client = client_for(editor)
    unconfirmed = client.post(url("dataset_transition", slug=draft.slug, action="delete"))
    assert unconfirmed.status_code == 400 and Dataset.objects.filter(pk=draft.pk).exists()
    response = client.post(url("dataset_transition", slug=draft.slug, action="delete"), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == url("workspace")
    assert not Dataset.objects.filter(pk=draft.pk).exists()


def test_manage_page_shows_completeness_and_history(editor: User, draft: Dataset) -> None:
    body = text(client_for(editor).get(url("dataset_manage", slug=draft.slug)))
    assert body.count("<h1>") == 1
    assert "Keywords (English)" in body and "Themes" in body  # missing fields, with their language
    assert "dataset.create" in body and "resource.create" in body  # dataset and resource events
    assert '<th scope="col">' in body


# --- organizations ----------------------------------------------------------------------------------


def test_an_organization_admin_manages_details_and_members(parks: Organization, editor: User) -> None:
    admin = make_user("ada", role="admin", organization=parks)
    newcomer = make_user("nia")
    client = client_for(admin)
    assert client.get(url("organization_manage", slug="parks")).status_code == 200

    details = {"form": "details", "name_en": "Parks and Forestry", "name_fr": "Parcs et foresterie",
               "description_en": "", "description_fr": "", "email": "parks@example.ca", "phone": "",
               "website": ""}
    assert client.post(url("organization_manage", slug="parks"), details).status_code == 302
    parks.refresh_from_db()
    assert parks.name_fr == "Parcs et foresterie"
    nameless = client.post(url("organization_manage", slug="parks"), {**details, "name_en": "", "name_fr": ""})
    assert nameless.status_code == 400 and field_error(nameless, "name_en")

    unknown = client.post(url("organization_manage", slug="parks"),
                          {"form": "add-member", "username": "ghost", "role": "editor"})
    assert unknown.status_code == 400 and field_error(unknown, "username")
    added = client.post(url("organization_manage", slug="parks"),
                        {"form": "add-member", "username": "nia", "role": "member"})
    assert added.status_code == 302
    assert Membership.objects.get(user=newcomer, organization=parks).role == "member"
    assert client.post(url("organization_manage", slug="parks"),
                       {"form": "change-role", "user": newcomer.pk, "role": "editor"}).status_code == 302
    assert Membership.objects.get(user=newcomer, organization=parks).role == "editor"
    assert client.post(url("organization_manage", slug="parks"),
                       {"form": "remove-member", "user": newcomer.pk}).status_code == 302
    assert not Membership.objects.filter(user=newcomer, organization=parks).exists()
    assert AuditEvent.objects.filter(action="membership.remove", actor=admin).exists()

    assert client_for(editor).get(url("organization_manage", slug="parks")).status_code == 403
    workspace = text(client.get(url("workspace")))
    assert url("organization_manage", slug="parks") in workspace
