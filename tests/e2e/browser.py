"""Finding and launching the Chromium the browser tests drive.

Playwright cannot download its own browser on our machines, so the tests use one found here, in
this order: `$NEWSFACTS_CHROMIUM` (when set, the only one tried), the copy `make chromium` unpacks from the apt package cache into
`.cache/chromium/`, a system `chromium`. A Chromium that cannot start (a shared library missing)
counts as not found, with the loader's message as the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UNPACKED = REPO / ".cache" / "chromium"
# Headless, and nothing that reaches out on its own: no sync, updates, first-run or QUIC probing.
LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",  # we run as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Chromium:
    executable: Path
    env: dict[str, str] = field(default_factory=dict)  # added to the browser's environment


def unpacked_chromium(root: Path = UNPACKED) -> Chromium | None:
    """The Chromium `make chromium` unpacked, with its unpacked shared libraries on the loader path."""
    executable = root / "usr" / "lib" / "chromium" / "chromium"
    if not executable.exists():
        return None
    libraries = [root / "usr" / "lib" / "x86_64-linux-gnu", root / "usr" / "lib" / "x86_64-linux-gnu" / "pulseaudio"]
    search_path = os.pathsep.join([*map(str, libraries), *filter(None, [os.environ.get("LD_LIBRARY_PATH")])])
    return Chromium(executable, {"LD_LIBRARY_PATH": search_path})


def find_chromium() -> tuple[Chromium | None, str]:
    """The first Chromium that starts, or None and why none did."""
    if configured := os.environ.get("NEWSFACTS_CHROMIUM"):
        candidates = [Chromium(Path(configured))]
    else:
        system = shutil.which("chromium") or shutil.which("chromium-browser")
        candidates = [c for c in (unpacked_chromium(), system and Chromium(Path(system))) if c]
    if not candidates:
        return None, "no Chromium: set NEWSFACTS_CHROMIUM, or run `make chromium` (unpacks it from the apt cache)"
    failures = []
    for chromium in candidates:
        try:
            probe = subprocess.run([str(chromium.executable), "--version"], env={**os.environ, **chromium.env},
                                   capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as error:
            failures.append(f"{chromium.executable}: {error}")
            continue
        if probe.returncode == 0:
            return chromium, ""
        failures.append(f"{chromium.executable}: {(probe.stderr or probe.stdout).strip()}")
    return None, "no Chromium starts: " + "; ".join(failures)
