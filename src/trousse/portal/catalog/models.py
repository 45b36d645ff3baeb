"""The catalogue: organizations, datasets, resources and their immutable versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trousse.engine.metadata.vocabularies import ACCESS_LEVELS, FREQUENCIES, RESOURCE_LANGUAGES


def _choices(vocabulary) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(code, vocabulary.get(code).label.en) for code in vocabulary.codes()]


class Organization(models.Model):
    """A department or agency of the municipality that publishes datasets."""

    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name_en or self.name_fr or self.slug


class Membership(models.Model):
    """A user's role in one organization (as CKAN: member reads, editor writes, admin manages)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        EDITOR = "editor", _("Editor")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_org")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.role})"


class Theme(models.Model):
    """A catalogue theme; rows mirror engine.metadata.vocabularies.THEMES."""

    code = models.SlugField(max_length=50, unique=True)
    label_en = models.CharField(max_length=200)
    label_fr = models.CharField(max_length=200)
    description_en = models.TextField(blank=True)
    description_fr = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code


class Licence(models.Model):
    """A licence datasets can carry; rows mirror engine.metadata.licences (plus any a site adopts)."""

    code = models.SlugField(max_length=60, unique=True)
    title_en = models.CharField(max_length=200)
    title_fr = models.CharField(max_length=200)
    url_en = models.URLField(blank=True)
    url_fr = models.URLField(blank=True)
    spdx_id = models.CharField(max_length=60, blank=True)
    is_open = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The site's default licence (at most one): the dataset form's initial choice. Set through
    # services.licences.set_default_licence, e.g. when the policy kit records a licence's adoption.
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "code"]
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                               name="one_default_licence")]

    def __str__(self) -> str:
        return self.code


class Tag(models.Model):
    """A free keyword in one language."""

    name = models.CharField(max_length=100)
    lang = models.CharField(max_length=2, choices=settings.LANGUAGES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "lang"], name="unique_tag_per_lang")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Dataset(models.Model):
    """A dataset: bilingual descriptive metadata plus resources, moving through the review workflow."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("short name"), max_length=100, unique=True,
                            help_text=_("Used in the dataset's address; lowercase letters, digits and hyphens."))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="datasets",
                                     verbose_name=_("organization"))
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets")
    themes = models.ManyToManyField(Theme, blank=True, related_name="datasets", verbose_name=_("themes"))
    licence = models.ForeignKey(Licence, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="datasets", verbose_name=_("licence"))
    publisher_en = models.CharField(_("publisher (English)"), max_length=200, blank=True)
    publisher_fr = models.CharField(_("publisher (French)"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    spatial_en = models.CharField(_("spatial coverage (English)"), max_length=300, blank=True)
    spatial_fr = models.CharField(_("spatial coverage (French)"), max_length=300, blank=True)
    temporal_start = models.DateField(_("temporal coverage start"), null=True, blank=True)
    temporal_end = models.DateField(_("temporal coverage end"), null=True, blank=True)
    frequency = models.CharField(_("update frequency"), max_length=20, choices=_choices(FREQUENCIES),
                                 default="unknown")
    access_level = models.CharField(_("access level"), max_length=20, choices=_choices(ACCESS_LEVELS),
                                    default="public", db_index=True)
    access_reason_en = models.TextField(_("reason access is limited (English)"), blank=True)
    access_reason_fr = models.TextField(_("reason access is limited (French)"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("metadata modified"), auto_now=True, db_index=True)
    data_modified = models.DateTimeField(_("data last updated"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, db_index=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    view_count = models.PositiveIntegerField(default=0)
    download_count = models.PositiveIntegerField(default=0)
    completeness = models.PositiveSmallIntegerField(default=0)  # cached percentage, for sorting
    search_document = models.TextField(blank=True, editable=False)  # normalized terms, see catalog.search
    # Titles folded to plain lowercase ASCII, so "Érables" sorts with the E's on every database.
    sort_title_en = models.CharField(max_length=300, blank=True, editable=False)
    sort_title_fr = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["-modified"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        indexes = [models.Index(fields=["status", "access_level", "-published_at"])]

    def __str__(self) -> str:
        return self.title_en or self.title_fr or self.slug

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.access_level != "non_public"


def _version_path(version: ResourceVersion, filename: str) -> str:
    # One folder per version: a version's file is never overwritten.
    return f"resources/{version.resource_id}/v{version.number}/{filename}"


class Resource(models.Model):
    """A file or a link in a dataset; files keep every uploaded version."""

    class Kind(models.TextChoices):
        FILE = "file", _("Uploaded file")
        LINK = "link", _("Link")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FILE)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    url = models.URLField(_("link address"), max_length=1000, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=_choices(RESOURCE_LANGUAGES),
                                default="zxx")
    position = models.PositiveSmallIntegerField(default=0)
    current_version = models.ForeignKey("ResourceVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.name_en or self.name_fr or f"#{self.pk}"


class ResourceVersion(models.Model):
    """An immutable upload of a resource's file."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_version_path, max_length=500)
    filename = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    media_type = models.CharField(max_length=100, blank=True)
    format = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.filename} v{self.number}"
