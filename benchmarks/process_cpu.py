"""CPU time of this process and every process it started: what a browser really costs.

Headless Chromium does its layout in its own processes (browser, renderer,
GPU/utility), started through Playwright's driver; ``time.process_time`` sees
none of it, which made Chromium look nearly free. This clock adds up user and
system time over the whole tree under this process, read with psutil.
"""

from __future__ import annotations

import psutil


def tree_cpu_seconds() -> float:
    """User + system seconds of this process and all its living descendants."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except (psutil.NoSuchProcess, psutil.AccessDenied):  # ended between listing and reading
            continue
    return total
