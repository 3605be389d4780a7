/**
 * Tap names → IR refs. A user names a tap as in PyTorch: a module path ("layer4.1.conv2",
 * reading what that module's forward returned — its first output when it returned several), a
 * node name ("relu_3"), or an input name ("x").
 */
import { GraphError } from './errors';
import { IRGraph } from './ir';
import * as msg from './messages';

/** The ref a tap name reads. Throws GraphError with close matches when nothing has that name. */
export function resolveTap(ir: IRGraph, name: string, names: ReadonlySet<string>): string {
  if (names.has(name)) return name;
  const module = ir.modules[name];
  if (module !== undefined && module.outputs.length > 0) return module.outputs[0];
  throw new GraphError(msg.unknownTap(name, closest(name, [...names, ...Object.keys(ir.modules)])));
}

/** Up to three candidates nearest to `name` by edit distance (difflib-like suggestions). */
export function closest(name: string, candidates: string[], limit = 3): string[] {
  const scored = candidates
    .filter(c => c !== '')
    .map(c => ({ c, d: editDistance(name, c) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(Math.max(name.length, c.length) / 3)));
  scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  return scored.slice(0, limit).map(s => s.c);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
