"""package_search's query language: CKAN's ``fq`` terms, ``sort`` and facets, over catalog.search.

``fq`` (and ``field:value`` words in ``q``) accept Solr's simple forms: ``field:value``,
``field:"two words"``, ``field:(a OR b)``, a leading ``-`` to exclude and ``+`` (ignored, every term
must hold anyway). Fields: organization, owner_org, groups, tags, res_format, license_id, name, id,
frequency, access_level. Multi-valued fields (tags, groups, res_format) filter through subqueries, so
a dataset appears once without DISTINCT. Facets are counted from the process's facet index
(catalog.facet_index) when it is of the matches' catalogue stamp, otherwise with one GROUP BY per field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from trousse.portal.api.registry import SearchError, ValidationError
from trousse.portal.catalog import search
from trousse.portal.catalog.facet_index import FacetIndex
from trousse.portal.catalog.models import Dataset, Licence, Organization, Resource, Tag, Theme
from trousse.portal.core.localized import pick

_TAGS = Dataset.tags.through
_THEMES = Dataset.themes.through
_TERM = re.compile(r'\s*([+-]?)([A-Za-z_]+):(?:"((?:[^"\\]|\\.)*)"|\(([^()]*)\)|([^\s()"]+))')
MAX_TERMS = 20
MAX_VALUES = 50


def _owner(value: str) -> Q:
    return Q(organization_id=int(value)) if value.isdigit() and len(value) < 19 else Q(organization__slug=value)


def _dataset_id(value: str) -> Q:
    return Q(pk=int(value)) if value.isdigit() and len(value) < 19 else Q(pk__in=[])


# CKAN field -> a function returning the Q for one value.
FIELDS: dict[str, Callable[[str], Q]] = {
    "organization": lambda v: Q(organization__slug=v),
    "owner_org": _owner,
    "groups": lambda v: Q(pk__in=_THEMES.objects.filter(theme__code=v).values("dataset_id")),
    "tags": lambda v: Q(pk__in=_TAGS.objects.filter(tag__name=v).values("dataset_id")),
    "res_format": lambda v: Q(pk__in=Resource.objects.filter(format=v.upper()).values("dataset_id")),
    "license_id": lambda v: Q(licence__code=v),
    "name": lambda v: Q(slug=v),
    "id": _dataset_id,
    "frequency": lambda v: Q(frequency=v),
    "access_level": lambda v: Q(access_level=v),
}
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id", "frequency")
# CKAN sort field -> our column (title_string depends on the language; score needs a text query).
SORT_FIELDS = {"metadata_modified": "modified", "metadata_created": "created", "name": "slug",
               "title_string": "sort_title", "title": "sort_title", "views_total": "view_count",
               "views_recent": "view_count", "score": "rank"}
DEFAULT_SORT = "score desc, metadata_modified desc"


@dataclass
class Term:
    field: str
    values: list[str]
    exclude: bool = False


def parse_terms(text: str, param: str = "fq") -> list[Term]:
    """Parse ``field:value`` terms; SearchError naming the problem for anything else."""
    terms: list[Term] = []
    position = 0
    text = text.strip()
    while position < len(text):
        rest = text[position:]
        if not rest.strip():
            break
        word = rest.split(None, 1)[0]
        if word in ("AND", "&&", "*:*"):
            position += len(rest) - len(rest.lstrip()) + len(word)
            continue
        match = _TERM.match(text, position)
        if match is None:
            raise SearchError(_("Search Query is invalid: %(param)s must be field:value terms, near “%(near)s”.")
                              % {"param": param, "near": rest.strip()[:40]})
        sign, field, quoted, group, bare = match.groups()
        if field not in FIELDS:
            raise SearchError(_("Search Query is invalid: unknown field “%(field)s” in %(param)s; use one of "
                                "%(fields)s.") % {"field": field[:40], "param": param,
                                                 "fields": ", ".join(FIELDS)})
        if group is not None:
            values = [v.strip().strip('"') for v in re.split(r"\s+OR\s+", group.strip())]
        else:
            values = [quoted.replace('\\"', '"') if quoted is not None else bare]
        values = [v for v in values if v]
        if not values or len(values) > MAX_VALUES:
            raise SearchError(_("Search Query is invalid: give between 1 and %(n)s values for %(field)s.")
                              % {"n": MAX_VALUES, "field": field})
        terms.append(Term(field, values, exclude=sign == "-"))
        position = match.end()
        if len(terms) > MAX_TERMS:
            raise SearchError(_("Search Query is invalid: at most %(n)s terms.") % {"n": MAX_TERMS})
    return terms


def split_q(q: str) -> tuple[str, list[Term]]:
    """Split ``q`` into its free text and any ``field:value`` terms on known fields (as Solr reads them)."""
    if q.strip() in ("*:*", "*"):
        return "", []
    text_words, terms = [], []
    for word in re.findall(r'[+-]?[A-Za-z_]+:"[^"]*"|\S+', q):
        field = word.lstrip("+-").split(":", 1)[0]
        if ":" in word and field in FIELDS:
            terms.extend(parse_terms(word, "q"))
        else:
            text_words.append(word)
    return " ".join(text_words), terms


def apply_terms(queryset: QuerySet[Dataset], terms: list[Term]) -> QuerySet[Dataset]:
    """Filter ``queryset`` by every term (values of one term are alternatives)."""
    for term in terms:
        condition = Q()
        for value in term.values:
            condition |= FIELDS[term.field](value)
        queryset = queryset.exclude(condition) if term.exclude else queryset.filter(condition)
    return queryset


def order_by(sort: str, lang: str, has_query: bool) -> tuple[list[str], str]:
    """Return the ORDER BY columns ("-column" descending) for CKAN's ``sort``, and the sort as understood."""
    sort = (sort or DEFAULT_SORT).strip()
    columns: list[str] = []
    for part in sort.split(","):
        words = part.split()
        if not words:
            continue
        if len(words) > 2 or words[0] not in SORT_FIELDS or (len(words) == 2 and words[1].lower() not in
                                                             ("asc", "desc")):
            raise ValidationError(fields={"sort": [_("Unknown sort “%(sort)s”: use a field (%(fields)s) and "
                                                     "asc or desc, separated by commas.")
                                                   % {"sort": part.strip()[:60],
                                                      "fields": ", ".join(SORT_FIELDS)}]})
        column = SORT_FIELDS[words[0]]
        if column == "rank" and not has_query:
            continue  # no text query: every score is equal, as in Solr
        if column == "sort_title":
            column = f"sort_title_{lang}"
        descending = len(words) == 2 and words[1].lower() == "desc"
        columns.append(f"-{column}" if descending else column)
    return [*columns, "id"], sort


# When facets are counted in SQL, the matches are read as (id, organization_id, licence_id, frequency):
# three facets come from those rows; tags, groups and formats are counted in SQL over their ids.
ROW_FIELDS = ("id", "organization_id", "licence_id", "frequency")


def id_list(ids: list[int]) -> RawSQL:
    """Return ``ids`` as a subquery taking one parameter (see catalog.search.id_list)."""
    return search.id_list(ids)


def fts_ranks(text: str) -> dict[int, float]:
    """Return {dataset id: relevance} for a text query from SQLite's FTS5 index in one pass (higher is better)."""
    return search.fts_ranks(text)


def facet_counts(rows: list[tuple[Any, ...]], ids: Any, fields: list[str], lang: str, *, limit: int,
                 mincount: int) -> dict[str, list[tuple[str, str, int]]]:
    """Count matching datasets per value of each facet field in SQL: {field: [(name, display_name, count)]}.

    ``rows`` are the matching datasets' ROW_FIELDS; ``ids`` their ids as a subquery (id_list). Tags are
    counted in the caller's language, so a word used in both languages is not counted twice. Used when
    the facet index cannot be (inside a transaction; see catalog.facet_index); both give the same answer.
    """
    out: dict[str, list[tuple[str, str, int]]] = {}
    for field in fields:
        if field == "organization":
            counts = Counter(row[1] for row in rows)
            names = {o.pk: (o.slug, pick(o, "name", lang).value or o.slug) for o in Organization.objects.all()}
            found = [(*names[k], n) for k, n in counts.items() if k in names]
        elif field == "license_id":
            counts = Counter(row[2] for row in rows if row[2] is not None)
            names = {lic.pk: (lic.code, pick(lic, "title", lang).value) for lic in Licence.objects.all()}
            found = [(*names[k], n) for k, n in counts.items() if k in names]
        elif field == "frequency":
            found = [(k, k, n) for k, n in Counter(row[3] for row in rows).items()]
        elif field == "groups":
            grouped = _THEMES.objects.filter(dataset_id__in=ids).values_list("theme_id").annotate(n=Count("id"))
            names = {t.pk: (t.code, pick(t, "label", lang).value) for t in Theme.objects.all()}
            found = [(*names[k], n) for k, n in grouped.order_by() if k in names]
        elif field == "tags":
            # Grouped by tag id without joining the tags: the small tag table is read on its own.
            grouped = _TAGS.objects.filter(dataset_id__in=ids).values_list("tag_id").annotate(n=Count("id"))
            names = dict(Tag.objects.filter(lang=lang).values_list("pk", "name"))
            found = [(names[k], names[k], n) for k, n in grouped.order_by() if k in names]
        else:  # res_format
            grouped = (Resource.objects.filter(dataset_id__in=ids).exclude(format="").values_list("format")
                       .annotate(n=Count("dataset_id", distinct=True)).order_by())
            found = [(k, k, n) for k, n in grouped]
        out[field] = _ranked(found, limit=limit, mincount=mincount)
    return out


# CKAN facet field -> the catalogue's facet (catalog.facet_index).
INDEX_FACETS = {"organization": "organization", "license_id": "licence", "frequency": "frequency",
                "groups": "theme", "tags": "tag", "res_format": "format"}


def indexed_facet_counts(index: FacetIndex, ids: list[int], fields: list[str], lang: str, *, limit: int,
                         mincount: int) -> dict[str, list[tuple[str, str, int]]] | None:
    """Count as ``facet_counts`` does, from the in-memory facet index (``ids`` read at its stamp).

    None if the index does not know an id (the caller then counts in SQL).
    """
    counted = index.count(ids, [INDEX_FACETS[field] for field in fields], tag_lang=lang)
    if counted is None:
        return None
    out: dict[str, list[tuple[str, str, int]]] = {}
    for field in fields:
        counts = counted[INDEX_FACETS[field]]
        if field == "organization":
            organizations = index.organizations
            found = [(o.slug, pick(o, "name", lang).value or o.slug, n)
                     for k, n in counts.items() if (o := organizations.get(k)) is not None]
        elif field == "license_id":
            found = [(lic.code, pick(lic, "title", lang).value, n)
                     for k, n in counts.items() if (lic := index.licences.get(k)) is not None]
        elif field == "groups":
            found = [(t.code, pick(t, "label", lang).value, n)
                     for k, n in counts.items() if (t := index.themes.get(k)) is not None]
        elif field == "tags":
            found = [(index.tags[k].name, index.tags[k].name, n) for k, n in counts.items()]
        else:  # frequency, res_format: the code is the name
            found = [(k, k, n) for k, n in counts.items()]
        out[field] = _ranked(found, limit=limit, mincount=mincount)
    return out


def _ranked(found: list[tuple[str, str, int]], *, limit: int, mincount: int) -> list[tuple[str, str, int]]:
    """Keep values with at least ``mincount`` datasets, most frequent first then by name, ``limit`` of them."""
    found = sorted((f for f in found if f[2] >= mincount), key=lambda f: (-f[2], f[0]))
    return found if limit < 0 else found[:limit]
