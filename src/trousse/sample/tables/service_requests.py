"""The 311 service requests table: two years of requests, generated in one DuckDB query.

Requests follow the seasons (snow clearing in winter, potholes in spring),
business hours and street length. Locations are block midpoints, as the town
publishes them. About 1.5% of descriptions carry a name, e-mail address or
phone number a resident typed in: the deliberate flaw privacy screening must catch.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa

from trousse.engine.metadata.model import LocalizedText, ResourceMeta
from trousse.sample.clock import REFERENCE_DATE
from trousse.sample.people import EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES
from trousse.sample.streets import sections
from trousse.sample.tables.draws import bits, integer, sql_list, uniform, weighted, weighted_list
from trousse.sample.tables.files import copy_query_to_csv, file_resource, new_connection, scaled
from trousse.sample.tables.service_request_text import (
    CATEGORIES,
    CHANNEL_WEIGHTS,
    CHANNELS,
    CONTACT_SENTENCES_EN,
    CONTACT_SENTENCES_FR,
    SEASONS,
)
from trousse.sample.tables.street_sections import sections_table

ROWS = 100_000
FIRST_DAY = dt.date(2024, 11, 1)  # two years of requests, up to the day before the reference date
FRENCH_SHARE = 0.45
CONTACT_SHARE = 0.015
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 8, 12, 13, 12, 11, 10, 11, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2)


def _month_pools() -> str:
    """Return a SQL list of 12 category-index pools, one per month, weighted by season."""
    pools = []
    for month in range(12):
        weights = [round(c.weight * SEASONS[c.season][month] * 2) for c in CATEGORIES]
        pools.append(sql_list(weighted_list(weights)))
    return "[" + ", ".join(pools) + "]"


def _lookups() -> dict[str, pa.Table]:
    templates = [
        (k, lang, n, text)
        for k, c in enumerate(CATEGORIES)
        for lang, texts in (("en", c.templates_en), ("fr", c.templates_fr))
        for n, text in enumerate(texts)
    ]
    sentences = [("en", n, t) for n, t in enumerate(CONTACT_SENTENCES_EN)]
    sentences += [("fr", n, t) for n, t in enumerate(CONTACT_SENTENCES_FR)]
    return {
        "sections": sections_table(),
        "categories": pa.table({
            "idx": list(range(len(CATEGORIES))),
            "code": [c.code for c in CATEGORIES],
            "en": [c.en for c in CATEGORIES],
            "fr": [c.fr for c in CATEGORIES],
        }),
        "templates": pa.table(dict(zip(("cat", "lang", "n", "text"), map(list, zip(*templates, strict=True)), strict=True))),
        "sentences": pa.table(dict(zip(("lang", "n", "text"), map(list, zip(*sentences, strict=True)), strict=True))),
    }  # fmt: skip


def _query(rows: int) -> str:
    days = (REFERENCE_DATE - FIRST_DAY).days
    section_weights = [s.blocks for s in sections()]
    two_digits = f"lpad(({integer('i', 'phone', 100)})::VARCHAR, 2, '0')"
    extension = f"(10 + {integer('i', 'extension', 90)})::VARCHAR"
    pools = _month_pools()
    return f"""
    WITH drawn AS (
      SELECT i,
        TIMESTAMP '{FIRST_DAY.isoformat()} 00:00:00'
          + to_days({integer("i", "day", days)})
          + to_hours({weighted("i", "hour", HOUR_WEIGHTS)})
          + to_seconds({integer("i", "second", 3600)}) AS created_at,
        {weighted("i", "section", section_weights)} AS section,
        CASE WHEN {uniform("i", "language")} < {FRENCH_SHARE} THEN 'fr' ELSE 'en' END AS lang,
        1800 * exp({uniform("i", "duration")} * ln(2880)) AS duration_s,
        {uniform("i", "status")} AS u_status,
        {sql_list(CHANNELS)}[1 + {weighted("i", "channel", CHANNEL_WEIGHTS)}] AS channel,
        {uniform("i", "contact")} < {CONTACT_SHARE} AS with_contact,
        {sql_list(FIRST_NAMES)}[1 + {integer("i", "first", len(FIRST_NAMES))}] AS first_name,
        {sql_list(LAST_NAMES)}[1 + {integer("i", "last", len(LAST_NAMES))}] AS last_name,
        {sql_list(EMAIL_DOMAINS)}[1 + {integer("i", "domain", len(EMAIL_DOMAINS))}] AS domain,
        {integer("i", "phone_format", 5)} AS phone_format,
        {integer("i", "template", 3)} AS template,
        {integer("i", "sentence", len(CONTACT_SENTENCES_EN))} AS sentence
      FROM range({rows}) t(i)
    ),
    placed AS (
      SELECT d.*,
        {pools}[month(created_at)][1 + ({bits("i", "category")} % len({pools}[month(created_at)]))::INTEGER]
          AS category,
        created_at + to_seconds(duration_s::BIGINT) AS finished_at,
        s.ward, s.official, s.first_block, s.lon0, s.lat0, s.lon1, s.lat1,
        ({bits("i", "block")} % s.blocks)::INTEGER AS block, s.blocks,
        CASE WHEN lang = 'fr' THEN s.street_fr ELSE s.street_en END AS street_in_lang
      FROM drawn d JOIN sections s ON s.idx = d.section
    ),
    worded AS (
      SELECT p.*, c.code, c.en AS category_en, c.fr AS category_fr,
        replace(t.text, '{{street}}', street_in_lang) AS complaint,
        CASE phone_format
          WHEN 0 THEN '(506) 555-01' || {two_digits}
          WHEN 1 THEN '506.555.01' || {two_digits}
          WHEN 2 THEN '+1 506 555 01' || {two_digits}
                      || CASE WHEN p.lang = 'fr' THEN ' poste ' ELSE ' ext. ' END || {extension}
          WHEN 3 THEN '506-555-01' || {two_digits}
          ELSE '1-506-555-01' || {two_digits}
        END AS phone,
        lower(strip_accents(first_name)) || '.' || lower(regexp_replace(strip_accents(last_name), '[^A-Za-z]', '', 'g'))
          || '@' || domain AS email,
        sn.text AS sentence_text
      FROM placed p
      JOIN categories c ON c.idx = p.category
      JOIN templates t ON t.cat = p.category AND t.lang = p.lang AND t.n = p.template
      JOIN sentences sn ON sn.lang = p.lang AND sn.n = p.sentence
    ),
    settled AS (
      SELECT *,
        -- A few old requests stay open: the backlog every 311 service carries.
        finished_at >= TIMESTAMP '{REFERENCE_DATE.isoformat()} 00:00:00' OR u_status > 0.995 AS unresolved
      FROM worded
    )
    SELECT
      'SR-' || year(created_at) || '-'
        || lpad(row_number() OVER (PARTITION BY year(created_at) ORDER BY created_at, i)::VARCHAR, 6, '0')
        AS request_id,
      strftime(created_at, '%Y-%m-%dT%H:%M:%S') AS created_at,
      CASE WHEN NOT unresolved THEN strftime(finished_at, '%Y-%m-%dT%H:%M:%S') END AS closed_at,
      CASE
        WHEN unresolved AND u_status < 0.5 THEN 'open'
        WHEN unresolved THEN 'in_progress'
        WHEN u_status < 0.03 THEN 'cancelled'
        ELSE 'closed'
      END AS status,
      code AS category, category_en, category_fr, ward,
      (first_block + 100 * block)::VARCHAR || ' ' || official AS block_address,
      round(lat0 + (block + 0.5) / blocks * (lat1 - lat0), 5) AS latitude,
      round(lon0 + (block + 0.5) / blocks * (lon1 - lon0), 5) AS longitude,
      channel,
      CASE WHEN with_contact THEN complaint || ' ' || replace(replace(replace(sentence_text,
             '{{phone}}', phone), '{{email}}', email), '{{name}}', first_name || ' ' || last_name)
           ELSE complaint END AS description
    FROM settled
    ORDER BY created_at, i
    """


def write_service_requests(directory: Path, scale: float) -> tuple[ResourceMeta, ...]:
    """Write the 311 requests CSV (100,000 rows at scale 1) and describe it."""
    con = new_connection()
    for name, table in _lookups().items():
        con.register(name, table)
    path = copy_query_to_csv(con, _query(scaled(ROWS, scale)), directory / "311-service-requests.csv")
    con.close()
    return (
        file_resource(
            path,
            LocalizedText("311 service requests (CSV)", "Demandes de service 311 (CSV)"),
            "CSV",
            "en+fr",
            LocalizedText(
                "One row per request, November 2024 to October 2026.",
                "Une ligne par demande, de novembre 2024 à octobre 2026.",
            ),
        ),
    )
