"""Attribution benchmark, step 4: results.json and results.md from SCRATCH/captum.json and
SCRATCH/browser-<backend>.json.

    python tests/bench/attribution/report.py SCRATCH
"""
from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "shared"))
from machine import machine  # noqa: E402

ORDER = ["webgpu", "webgl", "wasm", "cpu"]


def main(scratch: Path) -> None:
    plan = json.loads((scratch / "plan.json").read_text())
    captum = json.loads((scratch / "captum.json").read_text())
    browsers = {b: json.loads((scratch / f"browser-{b}.json").read_text()) for b in ORDER if (scratch / f"browser-{b}.json").exists()}
    saved = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(), "plan": plan,
             "captum": captum, "browser": browsers}
    (HERE / "results.json").write_text(json.dumps(saved, indent=1))
    backends = [b for b in ORDER if b in browsers]
    chromium = next(iter(browsers.values()), {}).get("chromium", "?")
    lines = [
        "# Attribution benchmark",
        "",
        f"Measured {saved['date']} on {saved['machine']['cpu']} ({saved['machine']['cores']} cores, "
        f"{saved['machine']['memory_gib']} GiB; GPU: {saved['machine']['gpu']}); Chromium {chromium}, "
        f"PyTorch {captum['torch']} CPU ({captum['threads']} threads) with Captum.",
        f"Model: VGG-11 layout at a quarter width ({plan['parameters']:,} parameters), input {plan['batch']}×3×{plan['size']}×{plan['size']}, "
        "the predicted class of each image as target. Browser: median of the runs after the first (the first compiles "
        "shaders and uploads weights); Captum: median after one warm-up. Ratio = netlens ÷ Captum (< 1: netlens is faster).",
        "",
        "| method | Captum (CPU) | " + " | ".join(f"netlens {b} | ÷ Captum" for b in backends) + " |",
        "|---|---:|" + "---:|---:|" * len(backends),
    ]
    for spec in plan["methods"]:
        label = spec["label"]
        c = captum["methods"][label]["median_ms"]
        cells = [label, f"{c:,.0f} ms"]
        for b in backends:
            r = browsers[b]["methods"].get(label, {})
            if "median_ms" in r:
                cells += [f"{r['median_ms']:,.0f} ms (first {r['first_ms']:,.0f})", f"{r['median_ms'] / c:.2f}×"]
            else:
                cells += [r.get("error", "—")[:60], "—"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"Forward pass alone: PyTorch {captum['forward_ms']:.1f} ms; " + ", ".join(
        f"{b} {browsers[b]['forward_ms']:.1f} ms" for b in backends) + ".", "",
        "Peak memory of integrated gradients (the Captum issue users hit: every step in one batch by default):", "",
        "| steps | Captum, internal_batch_size=None (default) | Captum, internal_batch_size as netlens | " +
        " | ".join(f"netlens {b} (peak tensor bytes)" for b in backends) + " |",
        "|---:|---:|---:|" + "---:|" * len(backends)]
    for steps in plan["memory_steps"]:
        row = [str(steps), f"+{captum['memory_mib'][f'{steps}|default']:,.0f} MiB RSS", f"+{captum['memory_mib'][f'{steps}|ours']:,.0f} MiB RSS"]
        row += [f"{browsers[b]['memory'][str(steps)]['peak_mib']:,.1f} MiB" for b in backends]
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "Leaked tensors after the run: " + ", ".join(f"{b} {browsers[b]['leaked']}" for b in backends) + "."]
    note = os.environ.get("NETLENS_BENCH_NOTE")
    if note:
        lines += ["", note]
        saved["note"] = note
        (HERE / "results.json").write_text(json.dumps(saved, indent=1))
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
