"""What the benchmarks share: the machine line, and writing one section of bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return (f"nproc={os.cpu_count()}, CPU: {cpu}, Python {platform.python_version()}, "
            f"1-minute load average at the end {os.getloadavg()[0]:.1f}")


def replace_section(block: str, path: Path = RESULTS) -> None:
    """Put ``block`` (a Markdown section starting with its ``## Heading`` line) in place of the
    section of that heading, or at the end; the other sections stay as they are."""
    heading = block.splitlines()[0]
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda m: block.rstrip("\n") + "\n\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + block.rstrip("\n") + "\n"
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
