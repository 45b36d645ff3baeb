"""The privacy gate's staff forms: they parse posted text into the arguments of privacy/services.py.

The services hold the rules (a recipe the engine accepts, a justification long enough, answers to
known questions); the views attach the DomainError a service raises to the field it names. Every form
works without JavaScript: plain selects, radios and checkboxes, one POST each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trousse.portal.catalog.forms import StaffForm
from trousse.portal.privacy.presentation import text_of
from trousse.portal.privacy.questionnaire import MAX_NOTE

ANSWERS = (("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure")))
JUSTIFICATION_MAX = 5000


class QuestionnaireForm(StaffForm):
    """The dataset's risk questionnaire: yes / no / not sure and an optional note for each question."""

    def __init__(self, *args: Any, questions: Sequence[Any], answers: Mapping[str, Any] | None = None,
                 **kwargs: Any) -> None:
        if answers and "initial" not in kwargs:
            initial = {}
            for code, entry in answers.items():
                initial[code] = (entry or {}).get("answer", "")
                initial[f"{code}-note"] = (entry or {}).get("note", "")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for number, question in enumerate(self.questions, start=1):
            self.fields[question.code] = forms.ChoiceField(
                label=_("%(number)s. %(question)s") % {"number": number, "question": text_of(question.text)},
                help_text=text_of(question.help), choices=ANSWERS, required=False, widget=forms.RadioSelect)
            self.fields[f"{question.code}-note"] = forms.CharField(
                label=_("Note on question %(number)s (optional)") % {"number": number}, required=False,
                max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2}))

    def groups(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        """Return (question, answer field, note field) in the questions' order, for the template."""
        return [(q, self[q.code], self[f"{q.code}-note"]) for q in self.questions]

    def answers(self) -> dict[str, dict[str, str]]:
        """Return the answers in the shape privacy.services.save_questionnaire takes (unanswered left out)."""
        out = {}
        for question in self.questions:
            answer = self.cleaned_data.get(question.code) or ""
            note = (self.cleaned_data.get(f"{question.code}-note") or "").strip()
            if answer or note:
                out[question.code] = {"answer": answer, "note": note}
        return out


class DecisionForm(StaffForm):
    """A reviewer's decision on the dataset's privacy risk, with the written justification it needs."""

    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=(("approved", _("Approve: the remaining risk is acceptable")),
                 ("rejected", _("Send back: the stewards must reduce the risk first"))))
    justification = forms.CharField(
        label=_("Justification"), max_length=JUSTIFICATION_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what you checked and why the decision is sound. It is kept in the audit log and shown "
                    "to the stewards (at least 20 characters)."))


class RiskSettingsForm(StaffForm):
    """A table's quasi-identifiers (suggested automatically or chosen) and its sensitive columns."""

    mode = forms.ChoiceField(
        label=_("Quasi-identifiers"), widget=forms.RadioSelect, initial="suggested",
        choices=(("suggested", _("Let the screen suggest them from the column names (recommended)")),
                 ("chosen", _("Use the columns I tick below"))))
    quasi = forms.MultipleChoiceField(
        label=_("Columns that, combined, could point at a person"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For example postal code, date of birth or age, sex or gender, neighbourhood, exact dates, "
                    "fine coordinates."))
    sensitive = forms.MultipleChoiceField(
        label=_("Sensitive columns (for l-diversity)"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Columns whose value must not be guessable from a group, such as a diagnosis or an offence."))

    def __init__(self, *args: Any, columns: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(c, c) for c in columns]
        self.fields["quasi"].choices = choices
        self.fields["sensitive"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        both = set(data.get("quasi") or []) & set(data.get("sensitive") or [])
        if both and data.get("mode") == "chosen":
            self.add_error("sensitive", _("A column cannot be both a quasi-identifier and sensitive: %(columns)s.")
                           % {"columns": ", ".join(sorted(both))})
        return data

    def settings(self) -> tuple[list[str] | None, list[str]]:
        """Return (quasi-identifiers, or None for the suggested ones; sensitive columns)."""
        quasi = None if self.cleaned_data["mode"] == "suggested" else list(self.cleaned_data.get("quasi") or [])
        return quasi, list(self.cleaned_data.get("sensitive") or [])


# The recipe editor: one transform per column (after optional top/bottom coding), and a table-level
# suppression of small groups. Actions map to the engine's steps (engine/privacy/deidentify.py).
ACTIONS = (
    ("keep", _("Keep as is")),
    ("drop", _("Drop the column")),
    ("mask", _("Mask the characters")),
    ("pseudonymize", _("Replace by a pseudonym (keyed hash)")),
    ("month", _("Generalize dates to the month")),
    ("year", _("Generalize dates to the year")),
    ("fsa", _("Shorten postal codes to the first three characters (FSA)")),
    ("age_band", _("Group ages in bands")),
    ("round", _("Round coordinates")),
    ("grid", _("Snap coordinates to a grid")),
    ("redact", _("Redact identifiers found in the text")),
    ("small_cells", _("Suppress small counts")),
)
# action -> (engine step, parameter key, default, minimum, whether it must be a whole number)
_STEPS: dict[str, tuple[dict[str, Any], str | None, float | None, float, bool]] = {
    "drop": ({"op": "drop"}, None, None, 0, True),
    "mask": ({"op": "mask"}, "keep_last", 0, 0, True),
    "pseudonymize": ({"op": "pseudonymize"}, None, None, 0, True),
    "month": ({"op": "generalize", "to": "month"}, None, None, 0, True),
    "year": ({"op": "generalize", "to": "year"}, None, None, 0, True),
    "fsa": ({"op": "generalize", "to": "fsa"}, None, None, 0, True),
    "age_band": ({"op": "generalize", "to": "age_band"}, "width", 10, 1, True),
    "round": ({"op": "generalize", "to": "round"}, "decimals", 2, 0, True),
    "grid": ({"op": "generalize", "to": "grid"}, "size", 0.01, 1e-9, False),
    "redact": ({"op": "redact"}, None, None, 0, True),
    "small_cells": ({"op": "suppress_small_cells"}, "threshold", 5, 2, True),
}
PARAMETER_HELP = _("Masking: characters kept at the end (0). Age bands: width in years (10). Rounding: decimals "
                   "kept (2). Grid: cell size in degrees (0.01). Small counts: the smallest count shown (5).")


# What the editor suggests for a column, from what the screen found in it: direct identifiers go, a name
# that links rows becomes a pseudonym, places and ages are generalized, free text is redacted.
_SUGGESTED = {"postal_code": "fsa", "birth_date": "year", "age": "age_band", "person_name": "pseudonymize"}


def suggested_action(findings: Sequence[tuple[str, str]]) -> str:
    """Return the action suggested for a column from its findings' (detector, basis) pairs ("" for none)."""
    if not findings:
        return ""
    if any(basis == "cells" for _detector, basis in findings) and len(findings) > 1:
        return "redact"  # several kinds of identifiers in one column: free text
    detector, basis = findings[0]
    if detector in _SUGGESTED and not (detector == "person_name" and basis == "cells"):
        return _SUGGESTED[detector]
    if detector in ("street_address", "person_name") and basis == "cells":
        return "redact"
    return "drop"


def action_label(action: str) -> str:
    """Return the translated label of an editor action."""
    return str(dict(ACTIONS).get(action, ""))


def action_of(step: Mapping[str, Any]) -> tuple[str, Any]:
    """Return the editor's action and parameter for one engine step ("" when the editor has no such action)."""
    for action, (template, key, _default, _minimum, _whole) in _STEPS.items():
        if all(step.get(k) == v for k, v in template.items()):
            return action, step.get(key) if key else None
    return "", None


class RecipeForm(StaffForm):
    """Every table's recipe for one resource: fields ``t<i>-c<j>-…`` per column, ``t<i>-…`` per table.

    ``tables`` is a list of (table name, [column…], [quasi-identifier…]); ``recipes`` the stored
    ``{table: [step…]}``. Column names travel in hidden fields so that a post made against other
    columns (a new version was screened meanwhile) is refused instead of applied to the wrong column.
    """

    def __init__(self, *args: Any, tables: Sequence[tuple[str, Sequence[str], Sequence[str]]],
                 recipes: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                 annotations: Mapping[str, Mapping[str, Sequence[Any]]] | None = None,
                 counts: Mapping[str, Sequence[str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # {table: [count column…]}: the aggregate columns whose small cells the screen counted
        self.counts = {name: list(columns) for name, columns in (counts or {}).items()}
        self.parameter_help = PARAMETER_HELP
        # {table: {column: [(label, detector, basis)…]}}: shown beside each column ([] = the name suggests it)
        self.annotations = annotations or {}
        self.tables = [(name, list(columns), list(quasi)) for name, columns, quasi in tables]
        recipes = recipes or {}
        for ti, (name, columns, quasi) in enumerate(self.tables, start=1):
            steps = list(recipes.get(name) or recipes.get("") or [])
            self.fields[f"t{ti}-name"] = forms.CharField(widget=forms.HiddenInput, initial=name, required=False)
            for ci, column in enumerate(columns, start=1):
                self._column_fields(f"t{ti}-c{ci}", column, [s for s in steps if s.get("column") == column])
            groups = next((s for s in steps if s.get("op") == "suppress_small_groups"), None)
            self.fields[f"t{ti}-groups"] = forms.BooleanField(
                label=_("Remove the rows whose combination of quasi-identifiers is shared by fewer than k rows"),
                required=False, initial=groups is not None,
                help_text=(_("Quasi-identifiers: %(columns)s.") % {"columns": ", ".join(quasi)}) if quasi else
                _("This table has no quasi-identifier yet: choose some in its risk settings first."))
            self.fields[f"t{ti}-k"] = forms.IntegerField(
                label=_("k (smallest group kept)"), min_value=2, max_value=1000, required=False,
                initial=(groups or {}).get("k", 5))
            counts = self.counts.get(name, [])
            self.fields[f"t{ti}-cells"] = forms.BooleanField(
                label=_("Suppress the small counts of every count column"), required=False,
                help_text=(_("Count columns with small cells: %(columns)s.") % {"columns": ", ".join(counts)})
                if counts else _("The screen found no count column with small cells in this table."))
            self.fields[f"t{ti}-threshold"] = forms.IntegerField(
                label=_("Smallest count shown"), min_value=2, max_value=1000, required=False, initial=5)

    def _column_fields(self, prefix: str, column: str, steps: list[Mapping[str, Any]]) -> None:
        action, parameter, top, bottom = "keep", None, None, None
        for step in steps:
            if step.get("op") == "top_code":
                top = step.get("max")
            elif step.get("op") == "bottom_code":
                bottom = step.get("min")
            else:
                found, value = action_of(step)
                if found:
                    action, parameter = found, value
        self.fields[f"{prefix}-name"] = forms.CharField(widget=forms.HiddenInput, initial=column, required=False)
        self.fields[f"{prefix}-action"] = forms.ChoiceField(label=_("Transform"), choices=ACTIONS, initial=action)
        self.fields[f"{prefix}-param"] = forms.DecimalField(
            label=_("Setting"), required=False, initial=parameter, max_digits=12, decimal_places=9,
            widget=forms.NumberInput(attrs={"aria-describedby": "recipe-setting-help", "step": "any"}))
        self.fields[f"{prefix}-top"] = forms.DecimalField(label=_("Cap values above"), required=False, initial=top,
                                                          max_digits=15, decimal_places=6)
        self.fields[f"{prefix}-bottom"] = forms.DecimalField(label=_("Raise values below"), required=False,
                                                             initial=bottom, max_digits=15, decimal_places=6)

    def rows(self) -> list[dict[str, Any]]:
        """Return, per table, its name, column rows (name and bound fields) and table-level fields."""
        out = []
        for ti, (name, columns, quasi) in enumerate(self.tables, start=1):
            notes = self.annotations.get(name, {})
            rows = [{"column": column, "name": self[f"t{ti}-c{ci}-name"], "action": self[f"t{ti}-c{ci}-action"],
                     "found": [label for label, _d, _b in notes.get(column) or []], "personal": column in notes,
                     "suggested": action_label(suggested_action([(d, b) for _l, d, b in notes.get(column) or []])),
                     "param": self[f"t{ti}-c{ci}-param"], "top": self[f"t{ti}-c{ci}-top"],
                     "bottom": self[f"t{ti}-c{ci}-bottom"]} for ci, column in enumerate(columns, start=1)]
            out.append({"index": ti, "name": name, "hidden": self[f"t{ti}-name"], "columns": rows, "quasi": quasi,
                        "groups": self[f"t{ti}-groups"], "k": self[f"t{ti}-k"],
                        "cells": self[f"t{ti}-cells"], "threshold": self[f"t{ti}-threshold"]})
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for ti, (name, columns, quasi) in enumerate(self.tables, start=1):
            posted = [self.data.get(f"t{ti}-c{ci}-name") for ci in range(1, len(columns) + 1)]
            if self.data.get(f"t{ti}-name") != name or posted != columns:
                raise forms.ValidationError(_("The file's columns changed since you opened this page (a new version "
                                              "was screened). Review the recipe again below."), code="stale")
            for ci in range(1, len(columns) + 1):
                self._check_parameter(f"t{ti}-c{ci}", data)
            if data.get(f"t{ti}-groups") and not quasi:
                self.add_error(f"t{ti}-groups", _("Choose the table's quasi-identifiers first."))
            if data.get(f"t{ti}-cells") and not self.counts.get(name):
                self.add_error(f"t{ti}-cells", _("This table has no count column with small cells."))
        return data

    def _check_parameter(self, prefix: str, data: dict[str, Any]) -> None:
        top, bottom = data.get(f"{prefix}-top"), data.get(f"{prefix}-bottom")
        if top is not None and bottom is not None and bottom > top:
            self.add_error(f"{prefix}-bottom", _("The lower limit is above the upper one."))
        action = data.get(f"{prefix}-action")
        value = data.get(f"{prefix}-param")
        if action not in _STEPS or value is None:
            return
        _template, key, _default, minimum, whole = _STEPS[action]
        if key is None:
            return
        if value < minimum or (whole and value != int(value)):
            self.add_error(f"{prefix}-param", _("Enter a whole number of at least %(min)s.") % {"min": int(minimum)}
                           if whole else _("Enter a number greater than zero."))
        if action == "round" and value > 9:
            self.add_error(f"{prefix}-param", _("Keep at most 9 decimals."))

    def recipes(self) -> dict[str, list[dict[str, Any]]]:
        """Return ``{table: [step…]}`` in the engine's recipe format (tables without a step left out)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for ti, (name, columns, quasi) in enumerate(self.tables, start=1):
            steps: list[dict[str, Any]] = []
            for ci, column in enumerate(columns, start=1):
                steps.extend(self._column_steps(f"t{ti}-c{ci}", column))
            if self.cleaned_data.get(f"t{ti}-cells"):
                threshold = self.cleaned_data.get(f"t{ti}-threshold") or 5
                done = {s["column"] for s in steps if s.get("op") in ("drop", "suppress_small_cells")}
                steps.extend({"op": "suppress_small_cells", "column": c, "threshold": threshold}
                             for c in self.counts.get(name, []) if c not in done)
            if self.cleaned_data.get(f"t{ti}-groups") and quasi:
                kept = [c for c in quasi if not any(s["op"] == "drop" and s["column"] == c for s in steps)]
                if kept:
                    steps.append({"op": "suppress_small_groups", "columns": kept,
                                  "k": self.cleaned_data.get(f"t{ti}-k") or 5})
            if steps:
                out[name] = steps
        return out

    def _column_steps(self, prefix: str, column: str) -> Iterable[dict[str, Any]]:
        data = self.cleaned_data
        action = data.get(f"{prefix}-action") or "keep"
        if action == "drop":
            return [{"op": "drop", "column": column}]
        steps: list[dict[str, Any]] = []
        # Coding first, so that an age capped at 90 then falls in the 90-99 band.
        if data.get(f"{prefix}-bottom") is not None:
            steps.append({"op": "bottom_code", "column": column, "min": _number(data[f"{prefix}-bottom"])})
        if data.get(f"{prefix}-top") is not None:
            steps.append({"op": "top_code", "column": column, "max": _number(data[f"{prefix}-top"])})
        if action in _STEPS:
            template, key, default, _minimum, whole = _STEPS[action]
            step = {**template, "column": column}
            if key is not None:
                value = data.get(f"{prefix}-param")
                value = default if value is None else value
                step[key] = int(value) if whole else _number(value)
            steps.append(step)
        return steps


def _number(value: Any) -> int | float:
    number = float(value)
    return int(number) if number == int(number) else number
