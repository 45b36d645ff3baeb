"""The assessment form: one yes/no radio group per question of the bank, grouped by dimension and activity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trousse.portal.catalog.forms import StaffForm
from trousse.portal.core.localized import pick
from trousse.portal.program.assessment.bank import Activity, Dimension, QuestionBank
from trousse.portal.program.assessment.services import NOTE_MAX

YES, NO = "yes", "no"
UNANSWERED = gettext_lazy("Answer “Yes” or “No”: the answers before it in this activity are all “Yes”.")


@dataclass
class ActivityFields:
    activity: Activity
    fields: list[forms.BoundField]


@dataclass
class DimensionFields:
    dimension: Dimension
    activities: list[ActivityFields]


class AssessmentForm(StaffForm):
    """Answers as radio groups (blank allowed: a draft may be partial), and a free note."""

    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=gettext_lazy("Optional: who took part, and anything that explains the "
                                                  "answers."))

    def __init__(self, bank: QuestionBank, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bank = bank
        choices = [(YES, _("Yes")), (NO, _("No"))]
        answer_fields = {}
        for question in bank.questions:
            level = bank.level(question.level)
            answer_fields[question.field_name] = forms.ChoiceField(
                label=pick(question, "text").value, choices=choices, required=False, widget=forms.RadioSelect,
                help_text=_("“Yes” reaches level %(number)d, %(level)s.") % {
                    "number": level.number, "level": pick(level, "name").value})
        # Questions first, in bank order; the note last.
        self.fields = {**answer_fields, "note": self.fields["note"]}

    @classmethod
    def initial_for(cls, answers: dict[str, bool], note: str, bank: QuestionBank) -> dict[str, str]:
        """Return the form's initial values for stored answers."""
        initial = {q.field_name: (YES if answers[q.key] else NO) for q in bank.questions if q.key in answers}
        return {**initial, "note": note}

    def answers(self) -> dict[str, bool]:
        """Return the answers given, by question key (blank ones left out)."""
        return {q.key: self.cleaned_data[q.field_name] == YES for q in self.bank.questions
                if self.cleaned_data.get(q.field_name) in (YES, NO)}

    def groups(self) -> list[DimensionFields]:
        """Return the bound fields grouped by dimension and activity, for the template."""
        return [DimensionFields(d, [ActivityFields(a, [self[q.field_name] for q in a.questions])
                                    for a in d.activities]) for d in self.bank.dimensions]

    def error_summary(self) -> list[dict[str, str]]:
        """Return the errors in page order; an unanswered question is named by its activity and wording."""
        items = [{"id": "", "text": str(m)} for m in self.non_field_errors()]
        questions = {q.field_name: q for q in self.bank.questions}
        activities = {a.key: a for a in self.bank.activities}
        for bound in self:
            if not bound.errors:
                continue
            target = f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.id_for_label
            question = questions.get(bound.name)
            for message in bound.errors:
                if question is not None and str(message) == str(UNANSWERED):
                    text = _("%(activity)s: “%(question)s”") % {
                        "activity": pick(activities[question.activity], "name").value,
                        "question": pick(question, "text").value}
                else:
                    text = _("%(label)s: %(message)s") % {"label": bound.label, "message": message}
                items.append({"id": target, "text": text})
        return items

    def mark_unanswered(self, keys: list[str]) -> None:
        """Put the "answer this" error on each question the service found missing."""
        by_key = {q.key: q.field_name for q in self.bank.questions}
        for key in keys:
            self.add_error(by_key[key], UNANSWERED)
