"""The pipeline's pages: derived downloads and run status (``files``), the validation report (``report``),
the steward's forms (``staff``), and the panels it adds to the catalogue's pages (``panels``).

Views stay thin: reads through ``pipeline.queries``, writes through ``pipeline.services``, shaping for
the templates in ``presentation``.
"""

from trousse.portal.pipeline.views.files import derived_download, run_status
from trousse.portal.pipeline.views.report import validation_report
from trousse.portal.pipeline.views.staff import (
           acknowledge,
           dictionary_edit,
           read_options,
           reprocess,
           schema_edit,
)

__all__ = ["acknowledge", "derived_download", "dictionary_edit", "read_options", "reprocess", "run_status",
           "schema_edit", "validation_report"]
