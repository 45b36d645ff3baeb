"""A fictional bilingual town and its open data, generated deterministically for demos and tests.

``build_sample_town(out_dir)`` writes the Town of Maple Point / Ville de
Pointe-aux-Érables: eight departments and seventeen datasets, some with
deliberate flaws (personal information in free text, validation errors, a
Windows-1252 export, an overdue dataset) so every stage of the pipeline has a
real case to handle. Plain Python: no Django.
"""

from trousse.sample.build import SampleTown, build_sample_town
from trousse.sample.clock import REFERENCE_DATE

__all__ = ["REFERENCE_DATE", "SampleTown", "build_sample_town"]
