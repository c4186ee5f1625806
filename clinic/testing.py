"""A pytest plugin for plugin authors: the contract check and its fixtures.

Registered through the ``pytest11`` entry point, so a plugin's own tests get it
just by having clinic installed.
"""

from __future__ import annotations
