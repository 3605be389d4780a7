/**
 * Starts and stops a throwaway JupyterLab server for the end-to-end tests: its own config
 * and runtime dirs, a random token, the repository as root dir, on 127.0.0.1 (a secure
 * context, which WebGPU needs).
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');
/** Where global setup leaves the server's address for the test workers (one file per run). */
function stateFile(): string {
  if (!process.env.NETLENS_E2E_STATE) {
    process.env.NETLENS_E2E_STATE = path.join(os.tmpdir(), `netlens-e2e-server-${process.pid}.json`);
  }
  return process.env.NETLENS_E2E_STATE;
}
/** Seconds a JupyterLab server may take to answer (a busy 2-core machine can be slow). */
const START_TIMEOUT_S = 240;

export interface ServerInfo {
  url: string;
  token: string;
  pid: number;
  dir: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function jupyterBin(): string {
  const venv = path.join(REPO, '.venv', 'bin', 'jupyter');
  return fs.existsSync(venv) ? venv : 'jupyter';
}

export async function startJupyter(): Promise<ServerInfo> {
  const port = await freePort();
  const token = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-e2e-'));
  // Scratch copies of the notebooks, so tests never write outputs into the repository.
  fs.cpSync(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
  fs.cpSync(path.join(REPO, 'tests', 'e2e', 'notebooks'), path.join(dir, 'tests', 'e2e', 'notebooks'), { recursive: true });
  // No "get notified about Jupyter news?" toast over the views.
  const notif = path.join(dir, 'settings', '@jupyterlab', 'apputils-extension');
  fs.mkdirSync(notif, { recursive: true });
  fs.writeFileSync(
    path.join(notif, 'notification.jupyterlab-settings'),
    JSON.stringify({ fetchNews: 'false', checkForUpdates: false })
  );
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: path.join(dir, 'config'),
    JUPYTER_RUNTIME_DIR: path.join(dir, 'runtime'),
    JUPYTERLAB_WORKSPACES_DIR: path.join(dir, 'workspaces'),
    JUPYTERLAB_SETTINGS_DIR: path.join(dir, 'settings')
  };
  const args = [
    'lab',
    '--no-browser',
    `--port=${port}`,
    '--ip=127.0.0.1',
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${dir}`,
    '--ServerApp.disable_check_xsrf=True',
    '--LabApp.news_url=None',
    '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'
  ];
  if (process.getuid?.() === 0) {
    args.push('--allow-root'); // CI containers run as root
  }
  const child: ChildProcess = spawn(jupyterBin(), args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = fs.createWriteStream(path.join(REPO, 'test-results', `jupyter-${port}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_S * 1000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/api/status?token=${token}`);
      if (r.ok) {
        const info = { url, token, pid: child.pid ?? -1, dir };
        fs.writeFileSync(stateFile(), JSON.stringify(info));
        return info;
      }
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`JupyterLab did not start within ${START_TIMEOUT_S} s; see test-results/jupyter-${port}.log`);
}

export function readServer(): ServerInfo {
  return JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as ServerInfo;
}

export function stopJupyter(): void {
  if (!fs.existsSync(stateFile())) {
    return;
  }
  const info = readServer();
  try {
    process.kill(-info.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  fs.rmSync(stateFile(), { force: true });
}
