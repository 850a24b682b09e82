"""The project as others install it: a wheel built from the repo, installed (not editable) into a
fresh virtualenv, runs the bundled sample from a folder that is not the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "raw"


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_virtualenv_runs_the_sample(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("newsfacts-*.whl"))

    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    fresh_python = fresh / "bin" / "python"
    fresh_site = Path(subprocess.run([str(fresh_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies come from this environment's site-packages as a plain path entry: its .pth
    # files (the editable install of this checkout among them) are not processed, so the newsfacts
    # modules can only come from the wheel.
    (fresh_site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(fresh_site), str(wheel)],
                   check=True, capture_output=True, timeout=300)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(fresh_python), "-c", "import transforms.reference as r; print(r.__file__)"],
                           cwd=elsewhere, check=True, capture_output=True, text=True).stdout.strip()
    assert Path(where).is_relative_to(fresh_site), where  # not the checkout's copy

    done = subprocess.run(
        [str(fresh_python), "-m", "flows.cli", "run", str(SAMPLE), "--warehouse", str(tmp_path / "wh"), "--json-summary", "--workers", "1"],
        cwd=elsewhere, capture_output=True, text=True, timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PREFECT_HOME": str(tmp_path / "prefect")},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["status"] == "published"
    assert summary["new_rows"]["articles"] == 5
    assert summary["table_rows"]["figures"] > 0 and summary["table_rows"]["quotes"] > 0
