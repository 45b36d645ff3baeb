"""The street network: street sections laid inside the wards, and civic addresses along them.

A section is a straight stretch of one street inside one ward, numbered in
blocks of 100. Arterials run through a whole row of wards with continuous
numbering; each local street has one section in one ward. Sections end inside
their ward (both ends are mapped from the ward's unit square), so a point on
a section always lies in that ward.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from trousse.sample.town import ARTERIALS, LOCAL_STREETS, WARDS, Street
from trousse.sample.wards import COLUMNS, Point, distance_m, ward_point

BLOCK_LENGTH_M = 110.0


@dataclass(frozen=True)
class Section:
    """A straight stretch of ``street`` in ``ward``, from ``start`` to ``end``."""

    index: int
    street: Street
    ward: int
    start: Point
    end: Point
    first_block: int  # civic number of the first block, e.g. 1200
    blocks: int
    arterial: bool

    def point(self, t: float) -> Point:
        """Return the point at fraction ``t`` of the way from start to end."""
        return (
            self.start[0] + t * (self.end[0] - self.start[0]),
            self.start[1] + t * (self.end[1] - self.start[1]),
        )


@dataclass(frozen=True)
class Address:
    number: int
    section: Section
    point: Point

    @property
    def civic(self) -> str:
        return f"{self.number} {self.section.street.official}"

    @property
    def ward(self) -> int:
        return self.section.ward


@cache
def sections() -> tuple[Section, ...]:
    """Return every street section of the town, in a fixed order."""
    rng = random.Random("maple-point/streets")
    found: list[Section] = []

    def add(street: Street, ward: int, start: Point, end: Point, first_block: int, arterial: bool) -> int:
        blocks = max(2, round(distance_m(start, end) / BLOCK_LENGTH_M))
        found.append(Section(len(found), street, ward, start, end, first_block, blocks, arterial))
        return blocks

    for row, first_ward in (("north", 1), ("south", 5)):
        for k, street in enumerate(ARTERIALS[row]):
            v = 0.3 + 0.4 * k
            block = 100
            for ward in range(first_ward, first_ward + COLUMNS):
                start, end = ward_point(ward, 0.03, v), ward_point(ward, 0.97, v + rng.uniform(-0.05, 0.05))
                block += 100 * add(street, ward, start, end, block, arterial=True)

    locals_ = list(LOCAL_STREETS)
    rng.shuffle(locals_)
    for k, street in enumerate(locals_):
        ward = WARDS[k % len(WARDS)]
        u, v = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9)
        length = rng.uniform(0.25, 0.6)
        # Streets run roughly along one of the grid's two directions, as in most towns.
        if rng.random() < 0.5:
            u2, v2 = _clamp(u + rng.choice((-1, 1)) * length), _clamp(v + rng.uniform(-0.08, 0.08))
        else:
            u2, v2 = _clamp(u + rng.uniform(-0.08, 0.08)), _clamp(v + rng.choice((-1, 1)) * length)
        add(street, ward, ward_point(ward, u, v), ward_point(ward, u2, v2), 100, arterial=False)
    return tuple(found)


def _clamp(x: float) -> float:
    return min(0.95, max(0.05, x))


def random_address(rng: random.Random, ward: int | None = None) -> Address:
    """Return a plausible civic address drawn with ``rng``, optionally in ``ward``."""
    pool = sections() if ward is None else tuple(s for s in sections() if s.ward == ward)
    section = rng.choice(pool)
    block = rng.randrange(section.blocks)
    offset = rng.randrange(1, 99)
    t = (block + offset / 100) / section.blocks
    return Address(section.first_block + 100 * block + offset, section, section.point(t))


def ward_sections(ward: int) -> tuple[Section, ...]:
    """Return the sections lying in ``ward``."""
    return tuple(s for s in sections() if s.ward == ward)
