"""Forms of the steward's pipeline pages: read settings, the Table Schema, the data dictionary, acknowledgements.

They shape posted text into the arguments of one ``pipeline.services`` function; the services decide
what is valid (one source of truth for every rule) and the views attach their errors to the fields.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog.forms import StaffForm
from trousse.portal.pipeline.services import SCHEMA_TYPES

AUTO = "auto"  # "let the reader detect it": left out of the pinned options

ENCODINGS = [(AUTO, _("Detect")), ("utf-8", "UTF-8"), ("utf-8-sig", _("UTF-8 with BOM")),
             ("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO-8859-1)"), ("utf-16", "UTF-16")]
DELIMITERS = [(AUTO, _("Detect")), (",", _("Comma (,)")), (";", _("Semicolon (;)")), ("\t", _("Tab")),
              ("|", _("Pipe (|)"))]
DECIMALS = [(AUTO, _("Detect")), (".", _("Point (1.5)")), (",", _("Comma (1,5)"))]
THOUSANDS = [(AUTO, _("Detect")), ("none", _("None (1500)")), (",", _("Comma (1,500)")),
             (".", _("Point (1.500)")), (" ", _("Space (1 500)")), ("\u202f", _("Narrow no-break space")),
             ("\u00a0", _("No-break space")), ("'", _("Apostrophe (1'500)"))]


class ReadOptionsForm(StaffForm):
    """How to read the file: each setting either detected or pinned for every later version."""

    encoding = forms.ChoiceField(label=_("Character encoding"), choices=ENCODINGS, required=False)
    delimiter = forms.ChoiceField(label=_("Delimiter"), choices=DELIMITERS, required=False)
    decimal = forms.ChoiceField(label=_("Decimal separator"), choices=DECIMALS, required=False)
    thousands = forms.ChoiceField(label=_("Thousands separator"), choices=THOUSANDS, required=False)
    header_row = forms.IntegerField(label=_("Header row"), required=False, min_value=0, max_value=1000,
                                    help_text=_("The line holding the column names (1 for the first line, 0 "
                                                "when there is none). Leave empty to detect it."))
    sheet = forms.CharField(label=_("Sheet"), required=False, max_length=200,
                            help_text=_("Spreadsheets only: the name of the one sheet to read. Leave empty "
                                        "to read every sheet."))

    @classmethod
    def initial_from(cls, options: dict[str, Any]) -> dict[str, Any]:
        """Return the form's initial values for pinned or detected ``options``."""
        initial: dict[str, Any] = {}
        for key in ("encoding", "delimiter", "decimal"):
            if options.get(key):
                initial[key] = options[key]
        if "thousands" in options and options["thousands"] is not None:
            initial["thousands"] = options["thousands"] or "none"
        if options.get("header_row") is not None:
            initial["header_row"] = options["header_row"]
        if options.get("sheet"):
            initial["sheet"] = options["sheet"]
        return initial

    def options(self) -> dict[str, Any]:
        """Return the settings to pin (those left to detection are left out)."""
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for key in ("encoding", "delimiter", "decimal"):
            if data.get(key) and data[key] != AUTO:
                out[key] = data[key]
        thousands = data.get("thousands") or AUTO
        if thousands != AUTO:
            out["thousands"] = "" if thousands == "none" else thousands
        if data.get("header_row") is not None:
            out["header_row"] = data["header_row"]
        if (data.get("sheet") or "").strip():
            out["sheet"] = data["sheet"].strip()
        return out


TYPE_CHOICES = [(t, t) for t in sorted(SCHEMA_TYPES)]


class SchemaFieldForm(forms.Form):
    """One column of the Table Schema: its type, format and constraints."""

    name = forms.CharField(widget=forms.HiddenInput)
    type = forms.ChoiceField(label=_("Type"), choices=TYPE_CHOICES)
    format = forms.CharField(label=_("Format"), required=False, max_length=100,
                             help_text=_("For dates, for example %d/%m/%Y; leave empty for the default."))
    required = forms.BooleanField(label=_("Required"), required=False)
    unique = forms.BooleanField(label=_("Unique"), required=False)
    enum = forms.CharField(label=_("Allowed values"), required=False, max_length=2000,
                           help_text=_("Separate values with commas; leave empty to allow any value."))
    minimum = forms.CharField(label=_("Minimum"), required=False, max_length=100)
    maximum = forms.CharField(label=_("Maximum"), required=False, max_length=100)

    @staticmethod
    def initial_from(field: dict[str, Any]) -> dict[str, Any]:
        constraints = field.get("constraints") or {}
        enum = constraints.get("enum")
        return {
            "name": field.get("name", ""), "type": field.get("type", "string"),
            "format": "" if field.get("format") in (None, "default") else field["format"],
            "required": bool(constraints.get("required")), "unique": bool(constraints.get("unique")),
            "enum": ", ".join(str(v) for v in enum) if isinstance(enum, list) else "",
            "minimum": "" if constraints.get("minimum") is None else str(constraints["minimum"]),
            "maximum": "" if constraints.get("maximum") is None else str(constraints["maximum"]),
        }

    def apply_to(self, field: dict[str, Any]) -> dict[str, Any]:
        """Return ``field`` (a descriptor) with this form's type, format and constraints."""
        data = self.cleaned_data
        out = dict(field, type=data["type"])
        out.pop("format", None)
        if data.get("format", "").strip():
            out["format"] = data["format"].strip()
        constraints = {k: v for k, v in (field.get("constraints") or {}).items()
                       if k not in ("required", "unique", "enum", "minimum", "maximum")}
        if data.get("required"):
            constraints["required"] = True
        if data.get("unique"):
            constraints["unique"] = True
        values = [v.strip() for v in (data.get("enum") or "").split(",") if v.strip()]
        if values:
            constraints["enum"] = [_typed(v, data["type"]) for v in values]
        for key in ("minimum", "maximum"):
            if (data.get(key) or "").strip():
                constraints[key] = _typed(data[key].strip(), data["type"])
        out.pop("constraints", None)
        if constraints:
            out["constraints"] = constraints
        return out


def _typed(text: str, field_type: str) -> Any:
    """Return ``text`` as a number for numeric fields (Table Schema constraints are typed), else as is."""
    if field_type in ("integer", "year"):
        try:
            return int(text)
        except ValueError:
            return text
    if field_type == "number":
        try:
            return float(text)
        except ValueError:
            return text
    return text


SchemaFieldFormSet = forms.formset_factory(SchemaFieldForm, extra=0, can_delete=False)


class SchemaJSONForm(StaffForm):
    """The whole Table Schema as JSON, for what the per-field form does not cover."""

    schema = forms.CharField(label=_("Table Schema (JSON)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
                             help_text=_("The complete Frictionless Table Schema. Used instead of the fields "
                                         "above when you choose “Pin this JSON”."))

    def descriptor(self) -> dict[str, Any] | None:
        text = (self.cleaned_data.get("schema") or "").strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            self.add_error("schema", _("This is not valid JSON (line %(line)s: %(error)s).")
                           % {"line": exc.lineno, "error": exc.msg})
            return None
        if not isinstance(value, dict):
            self.add_error("schema", _("A Table Schema is a JSON object."))
            return None
        return value


class DictionaryForm(StaffForm):
    """Bilingual title and description and a unit per column, built from the columns the file has."""

    def __init__(self, *args: Any, columns: list[str], dictionary: dict[str, dict[str, str]], **kwargs: Any):
        self.columns = columns
        initial = {}
        for i, column in enumerate(columns):
            for key, value in dictionary.get(column, {}).items():
                initial[f"c{i}_{key}"] = value
        super().__init__(*args, initial=initial, **kwargs)
        for i in range(len(columns)):
            self.fields[f"c{i}_title_en"] = forms.CharField(label=_("Title (English)"), required=False,
                                                            max_length=200)
            self.fields[f"c{i}_title_fr"] = forms.CharField(label=_("Title (French)"), required=False,
                                                            max_length=200)
            self.fields[f"c{i}_description_en"] = forms.CharField(
                label=_("Description (English)"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"c{i}_description_fr"] = forms.CharField(
                label=_("Description (French)"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"c{i}_unit"] = forms.CharField(label=_("Unit"), required=False, max_length=50,
                                                        help_text=_("For example: m, kg, $, %."))
        # StaffForm marks the language of _en/_fr inputs; ours end in _title_en etc., so mark them here.
        for name, field in self.fields.items():
            if name.endswith(("_en", "_fr")):
                field.widget.attrs["lang"] = name[-2:]

    def groups(self) -> list[tuple[str, list[Any]]]:
        """Return (column, its bound fields) in the file's order, for the template."""
        keys = ("title_en", "title_fr", "description_en", "description_fr", "unit")
        return [(column, [self[f"c{i}_{k}"] for k in keys]) for i, column in enumerate(self.columns)]

    def entries(self) -> dict[str, dict[str, str]]:
        keys = ("title_en", "title_fr", "description_en", "description_fr", "unit")
        return {column: {k: self.cleaned_data.get(f"c{i}_{k}", "") for k in keys}
                for i, column in enumerate(self.columns)}


class AcknowledgeForm(StaffForm):
    """Why the steward accepts this version's problems: required, kept in the audit log."""

    comment = forms.CharField(label=_("Why these problems are acceptable"), required=True,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Recorded in the audit log with your name. The reviewers read it."))
