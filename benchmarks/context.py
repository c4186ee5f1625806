"""What one ``python -m benchmarks`` run hands to each benchmark module."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.environment import BenchWorld
from benchmarks.harness import Sizes


@dataclass
class BenchContext:
    sizes: Sizes
    world: BenchWorld
    # Figures one benchmark measures and another reuses (e.g. bare render time for the physical limit).
    shared: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def scratch(self, name: str) -> Path:
        """A folder of its own for one benchmark, removed with the world."""
        folder = self.world.root / "scratch" / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder
