"""Print the port `make run` should serve on, so a busy port 5000 is not a dead end.

A port the user chose (``make run PORT=8000``) is used as it is, or refused with
a message when busy; the default 5000 moves to the next free port and says so.
Usage: ``pick_port.py PORT [default|chosen]``.
"""

from __future__ import annotations

import socket
import sys

HOST = "127.0.0.1"
TRIES = 50


def is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def pick(port: int, chosen: bool) -> int:
    if is_free(port):
        return port
    if chosen:
        raise SystemExit(f"Port {port} is in use (is clinic already running?). "
                         f"Stop that program, or choose another port: make run PORT={port + 1}")
    for candidate in range(port + 1, port + 1 + TRIES):
        if is_free(candidate):
            print(f"Port {port} is in use; serving on {candidate} instead "
                  f"(choose one with: make run PORT=...).", file=sys.stderr)
            return candidate
    raise SystemExit(f"Ports {port}-{port + TRIES} are all in use: choose one with make run PORT=...")


if __name__ == "__main__":
    requested = int(sys.argv[1])
    print(pick(requested, chosen=len(sys.argv) > 2 and sys.argv[2] != "file"))
