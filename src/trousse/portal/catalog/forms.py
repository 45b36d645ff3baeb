"""Staff workspace forms: they parse and shape input; the services decide what is allowed and valid.

Each form turns posted text into the arguments of one catalogue service. Domain rules (a title in at
least one language, a reason when access is limited, a unique short name…) belong to the services;
the views attach the DomainError a service raises to the field it names, so there is one source of
truth for every rule.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.vocabularies import (
    ACCESS_LEVELS,
    FORMATS,
    FREQUENCIES,
    RESOURCE_LANGUAGES,
    format_for_filename,
)
from trousse.portal.catalog.models import Dataset, Licence, Membership, Organization, Resource, Theme
from trousse.portal.catalog.services import DATASET_FIELDS
from trousse.portal.catalog.services.checks import check_bilingual_required, check_slug
from trousse.portal.core.errors import DomainError
from trousse.portal.core.localized import current_language, pick
from trousse.portal.core.models import User

MARKDOWN_HELP = _("You can use Markdown: *italics*, **bold**, lists starting with “-”, and links written "
                  "as [text](https://example.ca).")
KEYWORDS_HELP = _("Separate keywords with commas, for example: trees, parks, canopy.")


class LocalizedChoiceField(forms.ModelChoiceField):
    """A select over rows with bilingual columns, labelled in the page language."""

    def __init__(self, *args: Any, label_field: str, **kwargs: Any) -> None:
        self.label_field = label_field
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return pick(obj, self.label_field).value or str(obj)


class LocalizedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes over rows with bilingual columns, labelled in the page language."""

    def __init__(self, *args: Any, label_field: str, **kwargs: Any) -> None:
        self.label_field = label_field
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return pick(obj, self.label_field).value or str(obj)


class StaffForm(forms.Form):
    """Base for workspace forms: error summary data and service errors attached to their field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Mark the language of each bilingual input, so spell-checkers and screen readers use French for French.
        for name, field in self.fields.items():
            lang = name.rsplit("_", 1)[-1] if name.endswith(("_en", "_fr")) else None
            if lang and isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                field.widget.attrs.setdefault("lang", lang)

    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's error beside the field it names, or at the top of the form."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error.message))

    def error_summary(self) -> list[dict[str, str]]:
        """Return the errors in page order, each with the id of the input it links to."""
        items = [{"id": "", "label": "", "message": str(m)} for m in self.non_field_errors()]
        for bound in self:
            if not bound.errors:
                continue
            target = f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.id_for_label
            items.extend({"id": target, "label": str(bound.label), "message": str(m)} for m in bound.errors)
        return items


def _text(label: Any, max_length: int, help_text: Any = "", **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, help_text=help_text, **kwargs)


def _textarea(label: Any, help_text: Any = "", rows: int = 6) -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _date(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=False, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def split_keywords(text: str) -> list[str]:
    """Split comma-separated keywords, dropping blanks and repeats (case-insensitively)."""
    seen: set[str] = set()
    out = []
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def suggest_slug(*titles: str) -> str:
    """Return a short name made from the first non-blank title: "Arbres de rue" → "arbres-de-rue"."""
    for title in titles:
        slug = slugify(title or "")[:100].strip("-")
        if slug:
            return slug
    return ""


class DatasetForm(StaffForm):
    """A dataset's metadata, both languages in one form; organization and short name on creation only."""

    organization = LocalizedChoiceField(Organization.objects.none(), label=_("Organization"),
                                        label_field="name", to_field_name="slug",
                                        empty_label=_("Choose an organization"))
    slug = forms.CharField(
        label=_("Short name"), max_length=100, required=False,
        help_text=_("Used in the dataset's address and cannot be changed later. Lowercase letters, digits "
                    "and hyphens. Leave it blank to make one from the title."))
    title_en = _text(_("Title (English)"), 300)
    title_fr = _text(_("Title (French)"), 300)
    description_en = _textarea(_("Description (English)"), MARKDOWN_HELP, rows=8)
    description_fr = _textarea(_("Description (French)"), MARKDOWN_HELP, rows=8)
    keywords_en = _text(_("Keywords (English)"), 1000, KEYWORDS_HELP)
    keywords_fr = _text(_("Keywords (French)"), 1000, KEYWORDS_HELP)
    publisher_en = _text(_("Publisher (English)"), 200,
                         _("Leave blank when the organization itself publishes the data."))
    publisher_fr = _text(_("Publisher (French)"), 200,
                         _("Leave blank when the organization itself publishes the data."))
    spatial_en = _text(_("Spatial coverage (English)"), 300, _("For example: the whole city, or Ward 3."))
    spatial_fr = _text(_("Spatial coverage (French)"), 300, _("For example: the whole city, or Ward 3."))
    themes = LocalizedMultipleChoiceField(Theme.objects.all(), label=_("Themes"), label_field="label",
                                          to_field_name="code", required=False,
                                          widget=forms.CheckboxSelectMultiple,
                                          help_text=_("Choose every theme that fits."))
    licence = LocalizedChoiceField(Licence.objects.all(), label=_("Licence"), label_field="title",
                                   to_field_name="code", required=False,
                                   empty_label=_("No licence chosen yet"),
                                   help_text=_("Required before the dataset can be submitted for review."))
    contact_name = _text(_("Contact name"), 200, _("A person or a team, for example: Forestry Services."))
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False, max_length=254,
                                     widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    contact_phone = _text(_("Contact telephone"), 40)
    temporal_start = _date(_("Temporal coverage start"), _("The first date the data covers."))
    temporal_end = _date(_("Temporal coverage end"), _("Leave blank if the data is still being collected."))
    frequency = forms.ChoiceField(label=_("Update frequency"), choices=())
    access_level = forms.ChoiceField(label=_("Access level"), choices=(), widget=forms.RadioSelect)
    access_reason_en = _textarea(_("Reason access is limited (English)"),
                                 _("Required unless access is public."), rows=3)
    access_reason_fr = _textarea(_("Reason access is limited (French)"),
                                 _("Required unless access is public."), rows=3)

    def __init__(self, *args: Any, organizations: Any = None, dataset: Dataset | None = None,
                 **kwargs: Any) -> None:
        self.dataset = dataset
        if dataset is not None:
            kwargs.setdefault("initial", self.initial_for(dataset))
        super().__init__(*args, **kwargs)
        lang = current_language()
        self.fields["frequency"].choices = FREQUENCIES.choices(lang, sort_by_label=False)
        self.fields["access_level"].choices = ACCESS_LEVELS.choices(lang, sort_by_label=False)
        if dataset is not None:
            # The address and the owning organization are fixed once the dataset exists.
            del self.fields["organization"]
            del self.fields["slug"]
        else:
            self.fields["organization"].queryset = organizations if organizations is not None \
                else Organization.objects.none()
            self.initial.setdefault("frequency", "unknown")
            self.initial.setdefault("access_level", "public")
            if "licence" not in self.initial:
                # The site's default licence (the adopted one); before any is set, the municipal OGL.
                default = (Licence.objects.filter(is_default=True).first()
                           or Licence.objects.filter(code="ogl-municipal").first())
                if default is not None:
                    self.initial["licence"] = default.code

    @staticmethod
    def initial_for(dataset: Dataset) -> dict[str, Any]:
        """Return the form's initial values from a saved dataset."""
        initial: dict[str, Any] = {f: getattr(dataset, f) for f in DATASET_FIELDS if f != "licence"}
        initial["licence"] = dataset.licence.code if dataset.licence_id else ""
        tags = list(dataset.tags.all())
        for lang in ("en", "fr"):
            initial[f"keywords_{lang}"] = ", ".join(t.name for t in tags if t.lang == lang)
        initial["themes"] = [t.code for t in dataset.themes.all()]
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The services check these too; checking here as well (with the same functions) reports them
        # together with the form's other errors, instead of one per submission.
        if not (self.has_error("title_en") or self.has_error("title_fr")):
            try:
                check_bilingual_required(cleaned, "title", _("Title"))
            except DomainError as error:
                self.add_domain_error(error)
        if "slug" in self.fields and not self.has_error("slug"):
            if not cleaned.get("slug"):
                if self.has_error("title_en"):
                    return cleaned  # nothing to make a short name from; the title's error says what to do
                suggestion = suggest_slug(cleaned.get("title_en", ""), cleaned.get("title_fr", ""))
                cleaned["slug"] = suggestion
                # Show the suggestion in the field if the form comes back with other errors.
                data = self.data.copy()
                data["slug"] = suggestion
                self.data = data
            try:
                check_slug(cleaned["slug"])
            except DomainError as error:
                self.add_domain_error(error)
        return cleaned

    def values(self) -> dict[str, Any]:
        """Return the values for services.create_dataset / update_dataset."""
        return {f: self.cleaned_data.get(f) for f in DATASET_FIELDS}

    def keywords(self) -> dict[str, list[str]]:
        return {lang: split_keywords(self.cleaned_data.get(f"keywords_{lang}", "")) for lang in ("en", "fr")}

    def theme_codes(self) -> list[str]:
        return [t.code for t in self.cleaned_data.get("themes", [])]


def _format_choices(lang: str, current: str = "") -> list[tuple[str, str]]:
    choices = [("", _("Detect from the file name or address"))]
    choices += [(code, label) for code, label in FORMATS.choices(lang)]
    if current and current not in FORMATS:
        choices.append((current, current))  # a format from a harvest or import, kept as it is
    return choices


class ResourceFieldsForm(StaffForm):
    """The descriptive fields every resource has."""

    name_en = _text(_("Name (English)"), 300)
    name_fr = _text(_("Name (French)"), 300)
    description_en = _textarea(_("Description (English)"), MARKDOWN_HELP, rows=4)
    description_fr = _textarea(_("Description (French)"), MARKDOWN_HELP, rows=4)
    format = forms.ChoiceField(label=_("Format"), required=False, choices=())
    language = forms.ChoiceField(label=_("Language of the content"), choices=(),
                                 help_text=_("Choose “No linguistic content” for tables of numbers or maps."))

    def __init__(self, *args: Any, current_format: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = current_language()
        self.fields["format"].choices = _format_choices(lang, current_format)
        self.fields["language"].choices = RESOURCE_LANGUAGES.choices(lang, sort_by_label=False)
        self.initial.setdefault("language", "zxx")

    def values(self) -> dict[str, Any]:
        return {f: self.cleaned_data.get(f) for f in
                ("name_en", "name_fr", "description_en", "description_fr", "format", "language")}


class ResourceCreateForm(ResourceFieldsForm):
    """A new resource: an uploaded file or a link, with its names in both languages."""

    file = forms.FileField(label=_("File"), required=False, allow_empty_file=True,
                           help_text=_("Upload a file, or give a link below instead."))
    url = forms.URLField(label=_("Link address"), required=False, max_length=1000, assume_scheme="https",
                         help_text=_("For data kept on another site, for example https://example.ca/data.csv."))

    field_order = ("file", "url", "name_en", "name_fr", "description_en", "description_fr", "format", "language")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("file") and cleaned.get("url"):
            self.add_error("url", _("Give either a file or a link, not both."))
        return cleaned

    def values(self) -> dict[str, Any]:
        values = super().values()
        url = self.cleaned_data.get("url") or ""
        if url:
            values["url"] = url
            if not values.get("format"):
                values["format"] = format_for_filename(url) or ""
        return values


class ResourceEditForm(ResourceFieldsForm):
    """A resource's descriptive fields, and the address of a link."""

    url = forms.URLField(label=_("Link address"), required=False, max_length=1000, assume_scheme="https")

    field_order = ("name_en", "name_fr", "description_en", "description_fr", "url", "format", "language")

    def __init__(self, *args: Any, resource: Resource, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {f: getattr(resource, f) for f in
                                      ("name_en", "name_fr", "description_en", "description_fr", "url",
                                       "format", "language")})
        super().__init__(*args, current_format=resource.format, **kwargs)
        if resource.kind == Resource.Kind.FILE:
            del self.fields["url"]
            self.fields["format"].help_text = _("Blank: taken from the file name of the next upload.")

    def values(self) -> dict[str, Any]:
        values = super().values()
        if "url" in self.fields:
            values["url"] = self.cleaned_data.get("url") or ""
        return values


class VersionUploadForm(StaffForm):
    """A new version of a file resource."""

    file = forms.FileField(label=_("New file"), allow_empty_file=True,
                           help_text=_("The earlier versions stay available for download."))
    note = forms.CharField(label=_("Note about this version"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Optional. For example: corrected the March figures."))


class TransitionForm(StaffForm):
    """The comment that goes with a workflow action (required to send a dataset back)."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


class OrganizationForm(StaffForm):
    """An organization's public details."""

    name_en = _text(_("Name (English)"), 200)
    name_fr = _text(_("Name (French)"), 200)
    description_en = _textarea(_("Description (English)"), MARKDOWN_HELP)
    description_fr = _textarea(_("Description (French)"), MARKDOWN_HELP)
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    phone = _text(_("Contact telephone"), 40)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo = forms.ImageField(label=_("Logo"), required=False,
                            help_text=_("A PNG, JPEG or WebP image, shown beside the name (at most 1 MB)."))
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {f: getattr(organization, f) for f in
                                      ("name_en", "name_fr", "description_en", "description_fr", "email",
                                       "phone", "website")})
        super().__init__(*args, **kwargs)

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 1 MB."))
        if logo and getattr(logo, "image", None) is not None and logo.image.format not in LOGO_FORMATS:
            raise forms.ValidationError(_("Use a PNG, JPEG or WebP image."))
        return logo

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("logo", "remove_logo")}


class MemberAddForm(StaffForm):
    """Give an existing account a role in the organization."""

    username = forms.CharField(label=_("Username"), max_length=150,
                               help_text=_("The person must already have an account on this site."),
                               widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.EDITOR)

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this username."))
        return user


class MemberRoleForm(StaffForm):
    """Change or remove one member; ``user`` is the member's account id."""

    user = forms.ModelChoiceField(User.objects.all(), widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, required=False)
