"""Read where the program stands: each checklist item's state, each section's count, what comes next."""

from __future__ import annotations

from dataclasses import dataclass, field

from trousse.portal.program.checklists import SiteFacts, run_auto_check
from trousse.portal.program.guide import content
from trousse.portal.program.guide.content import Item, Section
from trousse.portal.program.models_guide import ChecklistMark, ProgramSettings, Scope


@dataclass(frozen=True)
class ItemState:
    """An item as the program stands: does it apply, is it done, how we know, and who ticked it."""

    item: Item
    applies: bool
    done: bool
    automatic: bool  # ticked by a check that could look (not by hand)
    evidence: str = ""
    mark: ChecklistMark | None = None

    @property
    def by_hand(self) -> bool:
        """Return whether a person decides this item (no check, or a check that cannot see it yet)."""
        return not self.automatic


@dataclass
class SectionProgress:
    """A chapter's or stage's checklist: its items' states and the count of the applicable ones."""

    section: Section
    applies: bool
    states: list[ItemState] = field(default_factory=list)

    @property
    def applicable(self) -> list[ItemState]:
        return [s for s in self.states if s.applies]

    @property
    def total(self) -> int:
        return len(self.applicable)

    @property
    def done(self) -> int:
        return sum(1 for s in self.applicable if s.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def next_item(self) -> ItemState | None:
        return next((s for s in self.applicable if not s.done), None)

    def grouped(self) -> list[tuple[content.Group | None, list[ItemState]]]:
        """Return the states under the section's groups, in order."""
        by_code = {s.item.code: s for s in self.states}
        return [(group, [by_code[i.code] for i in items]) for group, items in self.section.group_items()]


@dataclass
class PathProgress:
    """The whole launch path (and the guide's checklists) for the current scope."""

    scope: str
    stages: list[SectionProgress]
    chapters: list[SectionProgress]

    def _counted(self) -> list[SectionProgress]:
        return [p for p in self.stages if p.applies]

    @property
    def total(self) -> int:
        return sum(p.total for p in self._counted())

    @property
    def done(self) -> int:
        return sum(p.done for p in self._counted())

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def current_stage(self) -> SectionProgress | None:
        """Return the first stage in scope with something left to do."""
        return next((p for p in self._counted() if p.next_item is not None), None)

    def next_items(self, limit: int = 3) -> list[tuple[SectionProgress, ItemState]]:
        """Return the next undone items along the path, in order."""
        found = [(p, s) for p in self._counted() for s in p.applicable if not s.done]
        return found[:limit]


def current_scope() -> str:
    """Return the scope the program lead chose (a pilot until someone chooses)."""
    row = ProgramSettings.objects.first()
    return row.scope if row else Scope.PILOT


def program_settings() -> ProgramSettings | None:
    """Return the site's program settings row, if anyone saved one."""
    return ProgramSettings.objects.select_related("changed_by").first()


def section_progress(section: Section, scope: str, facts: SiteFacts | None = None,
                     marks: dict[str, ChecklistMark] | None = None) -> SectionProgress:
    """Return the state of every item of ``section`` for ``scope``."""
    facts = facts or SiteFacts()
    if marks is None:
        marks = {m.item: m for m in ChecklistMark.objects.filter(item__in=[i.code for i in section.items])
                 .select_related("changed_by")}
    applies = section.applies_to(scope)
    return SectionProgress(section, applies, [_state(item, applies and item.applies_to(scope), facts,
                                                     marks.get(item.code)) for item in section.items])


def path_progress(scope: str | None = None, facts: SiteFacts | None = None) -> PathProgress:
    """Return the progress of every stage and chapter for ``scope`` (default: the chosen one)."""
    scope = scope or current_scope()
    facts = facts or SiteFacts()
    marks = {m.item: m for m in ChecklistMark.objects.select_related("changed_by")}
    return PathProgress(scope,
                        [section_progress(s, scope, facts, marks) for s in content.stages()],
                        [section_progress(c, scope, facts, marks) for c in content.chapters()])


def item_state(code: str, facts: SiteFacts | None = None) -> ItemState | None:
    """Return one item's state for the current scope, or None when no item has that code."""
    found = content.items_by_code().get(code)
    if found is None:
        return None
    section, item = found
    scope = current_scope()
    mark = ChecklistMark.objects.filter(item=code).select_related("changed_by").first()
    return _state(item, section.applies_to(scope) and item.applies_to(scope), facts or SiteFacts(), mark)


def _state(item: Item, applies: bool, facts: SiteFacts, mark: ChecklistMark | None) -> ItemState:
    if item.auto:
        result = run_auto_check(item.auto, facts)
        if result.available:
            return ItemState(item, applies, result.done, True, result.evidence, mark)
        # The check cannot see the fact (yet): a person decides, and the page says why.
        return ItemState(item, applies, bool(mark and mark.done), False, result.evidence, mark)
    return ItemState(item, applies, bool(mark and mark.done), False, "", mark)
