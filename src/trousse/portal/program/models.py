"""The program toolkit's models, one module per part (imported here so Django finds them)."""

from trousse.portal.program.models_assessment import Assessment  # noqa: F401
from trousse.portal.program.models_guide import ChecklistMark, ProgramLead, ProgramSettings  # noqa: F401
from trousse.portal.program.models_indicators import DatasetStandard, IndicatorSnapshot  # noqa: F401
from trousse.portal.program.models_inventory import InventoryImport, InventoryItem, InventoryWeights  # noqa: F401
from trousse.portal.program.models_policy import PolicyVersion  # noqa: F401
