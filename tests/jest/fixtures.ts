/**
 * Reference fixtures written by tests/fixtures/make.py (PyTorch computes them); jest's global
 * setup (tests/jest/global-setup.ts) makes sure they exist and are current.
 */
import * as fs from 'fs';
import * as path from 'path';

export const FIXTURES_DIR = process.env.NETLENS_FIXTURES ?? path.resolve(__dirname, '../../.fixtures');

/** Reads a JSON fixture; fails loudly (never skips) when it is missing. */
export function readFixtureJson<T>(rel: string): T {
  const file = path.join(FIXTURES_DIR, rel);
  if (!fs.existsSync(file)) {
    throw new Error(`fixture ${file} is missing: run .venv/bin/python tests/fixtures/make.py`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Reads a binary fixture as a Uint8Array on a fresh, 8-byte aligned ArrayBuffer. */
export function readFixtureBytes(rel: string): Uint8Array {
  const file = path.join(FIXTURES_DIR, rel);
  if (!fs.existsSync(file)) {
    throw new Error(`fixture ${file} is missing: run .venv/bin/python tests/fixtures/make.py`);
  }
  const buf = fs.readFileSync(file);
  const out = new Uint8Array(buf.byteLength);
  out.set(buf);
  return out;
}
