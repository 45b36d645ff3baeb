"""The indicators the dashboard tracks: code, label, unit and definition (docs/reference/indicators.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COUNT, PERCENT, DAYS = "count", "percent", "days"


@dataclass(frozen=True)
class Indicator:
    """One indicator: ``tracked`` is False while Trousse has no data to compute it from."""

    code: str
    label: Promise
    unit: str  # COUNT, PERCENT or DAYS
    definition: Promise
    tracked: bool = True
    why_not: Promise | str = ""  # for an untracked indicator: what it waits for


INDICATORS: tuple[Indicator, ...] = (
    Indicator("published", _("Datasets published"), COUNT,
              _("Datasets anyone can see: published and not marked non-public.")),
    Indicator("open_licence", _("Under an open licence"), PERCENT,
              _("Share of published datasets whose licence is an open licence.")),
    Indicator("machine_readable", _("Machine-readable resources"), PERCENT,
              _("Share of the resources of published datasets at three stars or more on the 5-star open data "
                "scale: structured data in an open format (CSV, JSON, GeoJSON…).")),
    Indicator("described_schema", _("Resources with a published schema"), PERCENT,
              _("Share of the resources of published datasets at four stars: a three-star resource whose "
                "columns are described by a Table Schema.")),
    Indicator("data_dictionary", _("With a data dictionary"), PERCENT,
              _("Share of published datasets with processed tables in which every table has at least one "
                "column described (a title or a description) in its data dictionary.")),
    Indicator("bilingual_metadata", _("Complete bilingual metadata"), PERCENT,
              _("Share of published datasets whose metadata completeness is 100: every scored field filled "
                "in, in English and in French.")),
    Indicator("up_to_date", _("Up to date"), PERCENT,
              _("Share of published datasets with a regular update frequency that are not past due: the "
                "last data update (or the first publication) is within the frequency's allowed age.")),
    Indicator("downloads", _("Downloads"), COUNT,
              _("Total file downloads of published datasets since each was published, as counted by the "
                "catalogue.")),
    Indicator("api_calls", _("API calls"), COUNT,
              _("Calls to the catalogue and data APIs."), tracked=False,
              why_not=_("API calls are not counted yet.")),
    Indicator("requests_received", _("Data requests received"), COUNT,
              _("Data requests the public sent through the portal."), tracked=False,
              why_not=_("The portal has no data request channel yet.")),
    Indicator("requests_answered", _("Data requests answered"), PERCENT,
              _("Share of data requests that received an answer."), tracked=False,
              why_not=_("The portal has no data request channel yet.")),
    Indicator("request_days", _("Median time to answer a request"), DAYS,
              _("Median number of days between a data request and its answer."), tracked=False,
              why_not=_("The portal has no data request channel yet.")),
)
BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}
TRACKED: tuple[str, ...] = tuple(indicator.code for indicator in INDICATORS if indicator.tracked)
