"""The machine a benchmark ran on, for its report: CPU model, cores, memory, and a GPU if any."""
from __future__ import annotations

import platform
import subprocess
from pathlib import Path


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((l.split(":", 1)[1].strip() for l in cpuinfo if l.startswith("model name")), platform.processor())
    mem = next((int(l.split()[1]) // 2**20 for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), 0)
    cores = len([l for l in cpuinfo if l.startswith("processor")])
    gpu = subprocess.run(["sh", "-c", "ls /dev/dri 2>/dev/null | head -1"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": cores, "memory_gib": mem, "gpu": gpu or "none (WebGPU and WebGL on SwiftShader)"}
