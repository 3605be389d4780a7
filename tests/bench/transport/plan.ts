/**
 * What the benchmark measures, in which order. Sizes in MiB (2**20 bytes) of float32 data.
 * Environment: NETLENS_BENCH_SIZES="1,10,100,1024", NETLENS_BENCH_REPS (repeats below 100 MiB,
 * default 5; 100 MiB runs min(3, reps), 1 GiB min(2, reps)), NETLENS_BENCH_JSON_MAX (largest JSON size,
 * default 10; a larger one runs once, last — see JSON_DEFAULT_MAX_MIB), NETLENS_BENCH_PATHS (default all, e.g. "netlens,raw" to profile).
 */
export const PATHS = ['netlens', 'json', 'raw', 'raw-1m'] as const;
/** WebSocket frame size of each raw path: netlens' chunk size (like for like), and 1 MiB. */
export const RAW_FRAME_BYTES: Partial<Record<Path, number>> = { raw: 8 * 1024 * 1024 - 64 * 1024, 'raw-1m': 1024 * 1024 };
export type Path = (typeof PATHS)[number];

export interface Step {
  id: string;
  path: Path;
  mib: number;
  rep: number;
  warmup: boolean;
}

/** JSON of this many MiB of float32 would be gigabytes of text: not attempted, estimated instead. */
export const JSON_NEVER_MIB = 1024;
/**
 * Largest JSON run by default. 100 MiB is ~532 M chars in one websocket frame; Playwright's CDP
 * instrumentation reports every frame to the driver and fails on that one (hung page, or "Cannot
 * create a string longer than 0x1fffffe8 characters" in the worker), so it only runs on request.
 */
export const JSON_DEFAULT_MAX_MIB = 10;

export function sizesFromEnv(): number[] {
  return (process.env.NETLENS_BENCH_SIZES ?? '1,10,100,1024').split(',').map(Number).filter(n => n > 0);
}

/** Small sizes are cheap and noisy (latency-bound): more repeats; 1 GiB runs take ~30 s each. */
function repsFor(mib: number): number {
  const reps = Number(process.env.NETLENS_BENCH_REPS ?? 5);
  return mib > 100 ? Math.min(2, reps) : mib >= 100 ? Math.min(3, reps) : reps;
}

/**
 * Warm-up first (loads tfjs and the Arrow decoder, JITs the page), then each size in turn,
 * the three paths interleaved per repeat so a disturbance hits all of them. The largest JSON
 * run goes last, alone: it may take the tab down, and nothing else should be lost with it.
 */
export function makePlan(sizes: number[]): Step[] {
  const jsonMax = Number(process.env.NETLENS_BENCH_JSON_MAX ?? JSON_DEFAULT_MAX_MIB);
  const steps: Step[] = [];
  const last: Step[] = [];
  const step = (path: Path, mib: number, rep: number, warmup = false): Step => ({
    id: `${warmup ? 'warmup-' : ''}${path}-${mib}-${rep}`,
    path,
    mib,
    rep,
    warmup
  });
  for (const path of PATHS) steps.push(step(path, 1, 0, true));
  for (const mib of sizes) {
    for (let rep = 0; rep < repsFor(mib); rep++) {
      steps.push(step('raw', mib, rep), step('netlens', mib, rep), step('raw-1m', mib, rep));
      if (mib <= Math.min(jsonMax, JSON_DEFAULT_MAX_MIB)) steps.push(step('json', mib, rep));
    }
    if (mib > JSON_DEFAULT_MAX_MIB && mib <= jsonMax && mib < JSON_NEVER_MIB) last.push(step('json', mib, 0));
  }
  const only = process.env.NETLENS_BENCH_PATHS?.split(',');
  return [...steps, ...last].filter(s => !only || only.includes(s.path));
}
