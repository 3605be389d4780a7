/** The throwaway JupyterLab a benchmark runs against (tests/e2e/jupyter-server.ts), started and stopped. */
import * as fs from 'fs';
import * as path from 'path';
import { REPO, startJupyter, stopJupyter, type ServerInfo } from '../../e2e/jupyter-server';

/** Starts the server (its log goes to test-results/jupyter-<port>.log); passes --allow-root itself when run as root. */
export async function startBenchServer(): Promise<ServerInfo> {
  fs.mkdirSync(path.join(REPO, 'test-results'), { recursive: true });
  return startJupyter();
}

/**
 * Shuts its kernels down, stops it and removes its scratch root (the notebook, plan and kernel
 * timings are the benchmark's alone; stopJupyter does not remove them).
 */
export async function stopBenchServer(info: ServerInfo): Promise<void> {
  try {
    const kernels = (await (await fetch(`${info.url}/api/kernels?token=${info.token}`)).json()) as { id: string }[];
    for (const k of kernels) await fetch(`${info.url}/api/kernels/${k.id}?token=${info.token}`, { method: 'DELETE' });
  } catch {
    // the server is gone already
  }
  stopJupyter();
  fs.rmSync(info.dir, { recursive: true, force: true });
}
