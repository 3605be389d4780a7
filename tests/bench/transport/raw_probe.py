"""The raw WebSocket reference again, with no automation attached to the browser.

Playwright drives Chromium over CDP with the Network domain on, and Chromium then reports every
WebSocket frame (binary ones base64-encoded) to the driver: that costs more than the transfer
itself. This probe opens the page in a plain headless Chromium (no CDP client), the page runs the
same raw measurement as page-hooks.ts and POSTs its timings back. Prints a Markdown section.

Usage: python raw_probe.py [sizes in MiB, default 1,10,100,1024] [repeats, default 3]
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import tornado.web

from raw_ws_server import FRAME_BYTES, Bytes

MIB = 1 << 20
FRAMES = {"8 MiB − 64 KiB frames": FRAME_BYTES, "1 MiB frames": MIB}
CHROMIUM = os.environ.get("NETLENS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

PAGE = """<!doctype html><script>
const plan = %s;
async function run(n, frame) {
  const ws = new WebSocket(`ws://${location.host}/ws`);
  ws.binaryType = 'arraybuffer';
  await new Promise(r => (ws.onopen = r));
  await new Promise(r => { ws.onmessage = r; ws.send(JSON.stringify({ prepare: n })); });
  return await new Promise(r => {
    let buf = null, got = 0;
    const t = performance.now();
    ws.onmessage = e => {
      buf = buf || new Uint8Array(n);
      const c = new Uint8Array(e.data);
      buf.set(c, got);
      got += c.byteLength;
      if (got >= n) { r(performance.now() - t); ws.close(); }
    };
    ws.send(JSON.stringify({ go: true, frame }));
  });
}
(async () => {
  const out = [];
  for (const p of plan) out.push({ ...p, ms: await run(p.mib * %d, p.frame) });
  await fetch('/result', { method: 'POST', body: JSON.stringify(out) });
})();
</script>"""


def main() -> None:
    sizes = [float(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "1,10,100,1024").split(",")]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    warmup = [{"mib": 10, "frame": FRAME_BYTES, "label": "warm-up"}]  # JIT and allocator, not recorded
    plan = warmup + [{"mib": mib, "frame": frame, "label": label}
            for rep in range(reps) for mib in sizes for label, frame in FRAMES.items() if not (mib > 100 and rep >= 2)]
    logging.getLogger("tornado.access").disabled = True
    results: list = []
    done = asyncio.Event()

    class Page(tornado.web.RequestHandler):
        def get(self) -> None:
            self.write(PAGE % (json.dumps(plan), MIB))

    class Result(tornado.web.RequestHandler):
        def post(self) -> None:
            results.extend(json.loads(self.request.body))
            done.set()

    async def serve() -> None:
        app = tornado.web.Application([(r"/", Page), (r"/ws", Bytes), (r"/result", Result)])
        server = app.listen(0, address="127.0.0.1")
        port = next(iter(server._sockets.values())).getsockname()[1]
        profile = tempfile.mkdtemp(prefix="netlens-raw-probe-")
        browser = subprocess.Popen([CHROMIUM, *ARGS, f"--user-data-dir={profile}", f"http://127.0.0.1:{port}/"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            await asyncio.wait_for(done.wait(), 900)
        finally:
            browser.terminate()
            browser.wait()
            shutil.rmtree(profile, ignore_errors=True)

    asyncio.run(serve())
    print("Raw WebSocket with no automation attached (`raw_probe.py`: plain headless Chromium, no CDP client), "
          "median MiB/s:\n")
    print("| size | " + " | ".join(FRAMES) + " |")
    print("|---:|" + "---:|" * len(FRAMES))
    for mib in sizes:
        row = []
        for label in FRAMES:
            ms = [r["ms"] for r in results if r["mib"] == mib and r["label"] == label]
            med = statistics.median(ms)
            row.append(f"{mib / (med / 1000):,.0f} MiB/s ({med:,.0f} ms, n={len(ms)})")
        name = f"{mib / 1024:g} GiB" if mib >= 1024 else f"{mib:g} MiB"
        print(f"| {name} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
