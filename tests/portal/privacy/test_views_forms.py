"""The privacy pages' forms alone: posted text → the engine's recipe format and the services' arguments."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from trousse.engine.privacy.deidentify import validate_recipe
from trousse.portal.privacy.forms import QuestionnaireForm, RecipeForm, RiskSettingsForm, suggested_action
from trousse.portal.privacy.questionnaire import QUESTIONS

TABLES = [("permits", ["owner", "postal", "age", "visits", "notes"], ["postal", "age"])]


def _post(**actions: Any) -> dict[str, str]:
    data = {"t1-name": "permits"}
    for ci, column in enumerate(TABLES[0][1], start=1):
        data[f"t1-c{ci}-name"] = column
        data[f"t1-c{ci}-action"] = "keep"
    for key, value in actions.items():
        data[key] = str(value)
    return data


def test_recipe_form_writes_steps_the_engine_accepts_and_reads_them_back() -> None:
    form = RecipeForm(_post(**{"t1-c1-action": "pseudonymize", "t1-c2-action": "fsa", "t1-c3-action": "age_band",
                               "t1-c3-param": 5, "t1-c3-top": 90, "t1-c3-bottom": 18, "t1-c5-action": "redact",
                               "t1-groups": "on", "t1-k": 3, "t1-cells": "on", "t1-threshold": 10}),
                      tables=TABLES, counts={"permits": ["visits"]})
    assert form.is_valid(), form.errors
    steps = form.recipes()["permits"]
    assert steps == [
        {"op": "pseudonymize", "column": "owner"},
        {"op": "generalize", "column": "postal", "to": "fsa"},
        {"op": "bottom_code", "column": "age", "min": 18},
        {"op": "top_code", "column": "age", "max": 90},
        {"op": "generalize", "column": "age", "to": "age_band", "width": 5},
        {"op": "redact", "column": "notes"},
        {"op": "suppress_small_cells", "column": "visits", "threshold": 10},
        {"op": "suppress_small_groups", "columns": ["postal", "age"], "k": 3},
    ]
    assert validate_recipe(steps, TABLES[0][1], key=b"k") == steps

    again = RecipeForm(tables=TABLES, recipes={"permits": steps})
    assert again["t1-c3-action"].value() == "age_band" and again["t1-c3-param"].value() == 5
    assert again["t1-c3-top"].value() == 90 and again["t1-c3-bottom"].value() == 18
    assert again["t1-groups"].value() is True and again["t1-k"].value() == 3
    assert again["t1-c4-action"].value() == "small_cells"


def test_recipe_form_refuses_bad_settings_and_stale_columns_in_the_page_language() -> None:
    dropped_quasi = RecipeForm(_post(**{"t1-c2-action": "drop", "t1-groups": "on"}), tables=TABLES)
    assert dropped_quasi.is_valid()
    assert dropped_quasi.recipes()["permits"][-1] == {"op": "suppress_small_groups", "columns": ["age"], "k": 5}

    with translation.override("fr"):
        bad = RecipeForm(_post(**{"t1-c3-action": "age_band", "t1-c3-param": "2.5", "t1-c3-top": 10,
                                  "t1-c3-bottom": 20, "t1-c4-action": "explode", "t1-cells": "on"}), tables=TABLES)
        assert not bad.is_valid()
        assert bad.errors["t1-c3-param"] == ["Entrez un nombre entier d'au moins 1."]
        assert bad.errors["t1-c3-bottom"] == ["La limite inférieure dépasse la limite supérieure."]
        assert "t1-c4-action" in bad.errors
        assert bad.errors["t1-cells"] == ["Ce tableau n'a aucune colonne de dénombrement avec de petites cellules."]
    stale = RecipeForm(_post(**{"t1-c1-name": "proprietaire"}), tables=TABLES)
    assert not stale.is_valid() and "columns changed" in stale.non_field_errors()[0]
    assert not RecipeForm({}, tables=TABLES).is_valid()


def test_suggestions_follow_what_the_screen_found() -> None:
    assert suggested_action([("postal_code", "cells")]) == "fsa"
    assert suggested_action([("person_name", "column")]) == "pseudonymize"
    assert suggested_action([("person_name", "cells")]) == "redact"
    assert suggested_action([("phone", "cells"), ("email", "cells")]) == "redact"
    assert suggested_action([("sin", "cells")]) == "drop"
    assert suggested_action([]) == ""


def test_risk_settings_and_questionnaire_forms_shape_the_services_arguments() -> None:
    suggested = RiskSettingsForm({"mode": "suggested", "quasi": ["age"]}, columns=["age", "sex", "ward"])
    assert suggested.is_valid() and suggested.settings() == (None, [])
    chosen = RiskSettingsForm({"mode": "chosen", "quasi": ["age", "ward"], "sensitive": ["sex"]},
                              columns=["age", "sex", "ward"])
    assert chosen.is_valid() and chosen.settings() == (["age", "ward"], ["sex"])
    assert not RiskSettingsForm({"mode": "chosen", "quasi": ["nope"]}, columns=["age"]).is_valid()
    assert not RiskSettingsForm({}, columns=["age"]).is_valid()

    first, second = QUESTIONS[0].code, QUESTIONS[1].code
    form = QuestionnaireForm({first: "yes", f"{first}-note": " Names of owners. ", second: ""}, questions=QUESTIONS)
    assert form.is_valid() and form.answers() == {first: {"answer": "yes", "note": "Names of owners."}}
    assert not QuestionnaireForm({first: "maybe"}, questions=QUESTIONS).is_valid()
    assert not QuestionnaireForm({f"{first}-note": "x" * 2001}, questions=QUESTIONS).is_valid()
