"""The reference point of the transport benchmark: a bare loopback WebSocket server.

It holds S MiB of random float32 bytes and streams them to the page as binary frames of the
same size as netlens chunks, with no protocol, no acknowledgement and no encoding: the most a
browser WebSocket on this machine can take in. Prints `PORT <n>` once it listens.

Protocol (text frames from the page, JSON):
  {"prepare": nbytes}  -> the server makes the bytes (outside the timing), answers "ready"
  {"go": true}         -> the server writes all bytes as binary frames of FRAME_BYTES
                          (or of {"frame": n} bytes, to probe the browser)
"""
from __future__ import annotations

import asyncio
import json
import sys

import numpy as np
import tornado.web
import tornado.websocket

# Same size as netlens' CHUNK_BYTES (docs/transport.md): compare like with like.
FRAME_BYTES = 8 * 1024 * 1024 - 64 * 1024


class Bytes(tornado.websocket.WebSocketHandler):
    data: bytes = b""

    def check_origin(self, origin: str) -> bool:
        # The page lives on the Jupyter server's origin (another port); loopback only.
        return True

    async def on_message(self, message):
        request = json.loads(message)
        if "prepare" in request:
            n = int(request["prepare"])
            if len(Bytes.data) != n:
                Bytes.data = b""  # free the previous size first
                Bytes.data = np.random.default_rng(n).random(n // 4, dtype=np.float32).tobytes()
            await self.write_message("ready")
        elif request.get("go"):
            frame = int(request.get("frame", FRAME_BYTES))
            view = memoryview(Bytes.data)
            for offset in range(0, len(view), frame):
                await self.write_message(bytes(view[offset : offset + frame]), binary=True)


async def main() -> None:
    app = tornado.web.Application([(r"/", Bytes)], websocket_max_message_size=1 << 20)
    server = app.listen(0, address="127.0.0.1")
    port = next(iter(server._sockets.values())).getsockname()[1]
    print(f"PORT {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
