"""A temporary local Prefect API for one `newsfacts run`, started before the pipeline is imported.

Without a configured API, Prefect starts the same server itself (ephemeral mode), but only when
the flow is called: after every import, and importing the server module in this process first
(seconds of a short run: docs/performance.md). Started first, the server boots in its own process
while this one imports pandas, spaCy and Great Expectations.

The command line is the one Prefect's own `SubprocessASGIServer` runs (same app factory, same
ephemeral settings, the same database under PREFECT_HOME), so the run is recorded exactly as
in ephemeral mode. Nothing here imports Prefect.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# What `prefect.server.api.server.SubprocessASGIServer` sets for its ephemeral server.
EPHEMERAL_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
STARTUP_TIMEOUT_SECONDS = 120.0


class LocalAPIError(RuntimeError):
    """The temporary Prefect API did not come up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def uses_configured_api() -> bool:
    """True when the user points Prefect at a server, or Prefect is already running under one (tests)."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    if "prefect" in sys.modules:  # e.g. prefect_test_harness: its URL lives in the settings context only
        from prefect.settings import get_current_settings

        return bool(get_current_settings().api.url)
    return False


def _die_with_parent() -> None:
    """In the server process before it starts (Linux): SIGTERM it when the run's process dies, even
    by SIGKILL, when no exit handler runs to stop it; a killed run must not leave a server behind."""
    import ctypes
    import ctypes.util
    import signal

    libc_name = ctypes.util.find_library("c")
    if libc_name:
        ctypes.CDLL(libc_name).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


class LocalPrefectAPI:
    """`LocalPrefectAPI().start()` launches the server; `wait_until_ready()` blocks until it answers."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> None:
        command = [
            sys.executable, "-m", "uvicorn", "--app-dir", str(_prefect_package_parent()), "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
            "--log-level", "error", "--lifespan", "on",
        ]
        self.process = subprocess.Popen(
            command, env={**os.environ, **EPHEMERAL_SERVER_ENV}, stdout=subprocess.DEVNULL, preexec_fn=_die_with_parent,  # noqa: PLW1509 - the child only calls prctl
        )

    def wait_until_ready(self, timeout: float = STARTUP_TIMEOUT_SECONDS) -> str:
        """Poll `/health` until the server answers; a port taken meanwhile gets one retry on another port."""
        deadline = time.monotonic() + timeout
        retried = False
        while time.monotonic() < deadline:
            assert self.process is not None, "start() first"
            if self.process.poll() is not None:
                if retried:
                    raise LocalAPIError(f"the temporary Prefect API exited with code {self.process.returncode}")
                retried, self.port = True, free_port()
                self._launch()
                continue
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return self.url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise LocalAPIError(f"the temporary Prefect API did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def start(self) -> LocalPrefectAPI:
        """Launch the server; it stops when this process exits, after Prefect has flushed its logs and events.

        (`atexit` runs handlers last-registered first: this one is registered before Prefect's own.)
        """
        self._launch()
        atexit.register(self.stop)
        return self


def _prefect_package_parent() -> Path:
    """Where the `prefect` package lives, found without importing it (importing Prefect takes seconds)."""
    import importlib.util

    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        raise LocalAPIError("Prefect is not installed")
    return Path(spec.origin).parent.parent
