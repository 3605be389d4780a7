/**
 * Watching netlens' widget models from the page, for the benchmarks. Code that runs in the page
 * is serialized by Playwright (Function.toString), so it cannot share code by import: the
 * shared part is its own init script, and a benchmark's init script cooperates with it through
 * `globalThis.__benchWatchers__`, a list of callbacks each called with every model netlens adds.
 *
 * @example
 * await addModelWatch(page, installBenchHooks); // installBenchHooks pushes its watcher onto the list
 */
import type { Page } from '@playwright/test';

/**
 * Init script (before JupyterLab loads): patches `globalThis.__netlens__.models.add` so every
 * watcher in `globalThis.__benchWatchers__` sees each model from its first moment, also when
 * netlens creates `__netlens__` after this script ran (caught by a property setter). A watcher
 * that throws is logged and does not keep the model from being added.
 */
export function installModelWatch(): void {
  const g = globalThis as any;
  if (!g.__benchWatchers__) g.__benchWatchers__ = [];
  const patch = (hook: any) => {
    if (!hook || !hook.models || hook.models.__benchPatched) return;
    const add = hook.models.add.bind(hook.models);
    hook.models.add = (m: any) => {
      for (const watch of g.__benchWatchers__) {
        try {
          watch(m);
        } catch (err) {
          console.error('bench watch failed', err);
        }
      }
      return add(m);
    };
    hook.models.__benchPatched = true;
  };
  let hookValue: any = g.__netlens__;
  patch(hookValue);
  Object.defineProperty(g, '__netlens__', {
    configurable: true,
    get: () => hookValue,
    set: v => {
      hookValue = v;
      patch(v);
    }
  });
}

/**
 * Adds the shared model watch and then the benchmark's own init script `install`, which
 * registers its watcher with `(globalThis.__benchWatchers__ ??= []).push(watch)`.
 */
export async function addModelWatch(page: Page, install: () => void): Promise<void> {
  await page.addInitScript(installModelWatch);
  await page.addInitScript(install);
}
