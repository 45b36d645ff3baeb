"""Tag a dataset with the standard it follows, or remove the tag (program leads; audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from trousse.portal.catalog.models import Dataset
from trousse.portal.core import audit
from trousse.portal.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from trousse.portal.core.models import User
from trousse.portal.program import permissions
from trousse.portal.program.models_indicators import DatasetStandard
from trousse.portal.program.standards.directory import find


@transaction.atomic
def tag_dataset(actor: User, dataset: Dataset, standard_code: str, table_code: str = "") -> DatasetStandard:
    """Record that ``dataset`` follows a standard (and, optionally, which of its tables to check against)."""
    if not permissions.is_program_lead(actor):
        raise PermissionDeniedError(_("Only the program's leads can tag datasets with a standard."))
    standard = find(standard_code)
    if standard is None:
        raise NotFoundError(_("There is no such standard in the directory."))
    if table_code and standard.table(table_code) is None:
        raise NotFoundError(_("This standard has no such table."))
    if DatasetStandard.objects.filter(dataset=dataset, standard=standard_code).exists():
        raise ConflictError(_("This dataset is already tagged with this standard."))
    tag = DatasetStandard.objects.create(dataset=dataset, standard=standard_code, table=table_code, tagged_by=actor)
    audit.record(actor, "program.standard.tag", tag, changes={"dataset": dataset.slug, "standard": standard_code,
                                                              "table": table_code},
                 organization_id=dataset.organization_id)
    return tag


@transaction.atomic
def untag_dataset(actor: User, tag: DatasetStandard) -> None:
    """Remove a dataset's standard tag."""
    if not permissions.is_program_lead(actor):
        raise PermissionDeniedError(_("Only the program's leads can tag datasets with a standard."))
    audit.record(actor, "program.standard.untag", tag, changes={"dataset": tag.dataset.slug,
                                                                "standard": tag.standard},
                 organization_id=tag.dataset.organization_id)
    tag.delete()
