"""The annual report: a standalone HTML page with the charts as inline SVG, and a Word (DOCX) file."""

from __future__ import annotations

import io
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt

from trousse.portal.program.indicators import png
from trousse.portal.program.indicators.scorecard import Scorecard


def report_title(site_name: str, scorecard: Scorecard) -> str:
    """Return the report's title for the page language."""
    return _("%(site)s open data program: annual report, %(start)s to %(end)s") % {
        "site": site_name, "start": formats.date_format(scorecard.start, "DATE_FORMAT"),
        "end": formats.date_format(scorecard.end, "DATE_FORMAT")}


def report_html(scorecard: Scorecard, *, lang: str, title: str, generated: datetime, scorecard_url: str) -> str:
    """Return the report as a complete HTML page with no outside resources."""
    return render_to_string("program/indicators/report.html", {
        "lang": lang, "title": title, "scorecard": scorecard, "generated": generated,
        "scorecard_url": scorecard_url, "open_tables": True})  # a report is read or printed: tables open


def report_docx(scorecard: Scorecard, *, lang: str, title: str, generated: datetime, scorecard_url: str) -> bytes:
    """Return the report as a DOCX file: the principles' scores, and per indicator a chart image and its table."""
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    props = document.core_properties
    props.title, props.author, props.created = title, "Trousse", generated
    props.language = "en-CA" if lang == "en" else "fr-CA"
    document.add_heading(title, level=0)
    document.add_paragraph(_("The open data program from %(start)s to %(end)s, measured from the public catalogue.") % {
        "start": formats.date_format(scorecard.start, "DATE_FORMAT"),
        "end": formats.date_format(scorecard.end, "DATE_FORMAT")})
    document.add_heading(_("The International Open Data Charter’s six principles"), level=1)
    document.add_paragraph(_("Each principle’s score, out of 100, is the mean of the latest value of the "
                             "indicators listed under it. Each indicator weighs the same."))
    for ps in scorecard.principles:
        document.add_heading(f"{ps.principle.number}. {ps.principle.label}", level=2)
        document.add_paragraph(str(ps.principle.summary))
        if ps.score is not None:
            document.add_paragraph(_("Score: %(score)s out of 100") % {"score": ps.score})
            document.add_paragraph(_("Formula:") + " " + ps.formula)
        elif ps.principle.indicators:
            document.add_paragraph(_("No score yet: its indicators have no stored value."))
        else:
            document.add_paragraph(_("Not scored yet: no indicator measures it so far."))
            if ps.principle.note:
                document.add_paragraph(str(ps.principle.note))
    document.add_heading(_("Indicators over time"), level=1)
    for card in scorecard.tracked:
        document.add_heading(str(card.indicator.label), level=2)
        document.add_paragraph(str(card.indicator.definition))
        if card.chart is None:
            document.add_paragraph(_("No value stored yet for this period."))
            continue
        document.add_picture(io.BytesIO(png.chart_png(card.chart)), width=Cm(16))
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = _("Month"), _("Value")
        for point, text in card.rows:
            cells = table.add_row().cells
            cells[0].text = formats.date_format(point.day, "YEAR_MONTH_FORMAT").capitalize()
            cells[1].text = text
    document.add_heading(_("Not tracked yet"), level=1)
    for card in scorecard.untracked:
        document.add_paragraph(f"{card.indicator.label}: {card.indicator.definition} {card.indicator.why_not}",
                               style="List Bullet")
    document.add_paragraph(scorecard_url)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
