/**
 * Orders heads so that similar ones sit together: average-linkage agglomerative clustering of a
 * distance matrix, leaves read left to right — scipy.cluster.hierarchy.linkage(method='average')
 * followed by leaves_list, whose conventions this follows (a merged cluster takes the next id,
 * the smaller id goes left) so that the order can be checked against scipy.
 */

/** A merge: the two cluster ids, their distance, and the new cluster's size. */
export interface Merge {
  left: number;
  right: number;
  distance: number;
  size: number;
}

/**
 * Leaf order of the dendrogram of `distances` (n×n, row-major, symmetric).
 *
 * @example
 * headOrder(Float64Array.from([0, 5, 1, 5, 0, 5, 1, 5, 0]), 3); // [1, 0, 2]
 */
export function headOrder(distances: ArrayLike<number>, n: number): number[] {
  if (n < 2) {
    return n === 1 ? [0] : [];
  }
  const merges = averageLinkage(distances, n);
  const children = new Map<number, [number, number]>();
  merges.forEach((m, i) => children.set(n + i, [m.left, m.right]));
  const order: number[] = [];
  const stack = [n + merges.length - 1];
  while (stack.length) {
    const id = stack.pop()!;
    const kids = children.get(id);
    if (kids) {
      stack.push(kids[1], kids[0]);
    } else {
      order.push(id);
    }
  }
  return order;
}

/** The n − 1 merges of average linkage, closest pair first. */
export function averageLinkage(distances: ArrayLike<number>, n: number): Merge[] {
  const active = new Map<number, number>(); // cluster id → size
  for (let i = 0; i < n; i++) active.set(i, 1);
  const d = new Map<string, number>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) d.set(key(i, j), distances[i * n + j]);
  }
  const merges: Merge[] = [];
  for (let next = n; active.size > 1; next++) {
    let best: [number, number] = [-1, -1];
    let bestD = Infinity;
    const ids = [...active.keys()];
    for (let a = 0; a < ids.length; a++) {
      for (let b = a + 1; b < ids.length; b++) {
        const v = d.get(key(ids[a], ids[b]))!;
        if (v < bestD) {
          bestD = v;
          best = [ids[a], ids[b]];
        }
      }
    }
    const [x, y] = best[0] < best[1] ? best : [best[1], best[0]];
    const sx = active.get(x)!;
    const sy = active.get(y)!;
    active.delete(x);
    active.delete(y);
    for (const z of active.keys()) {
      d.set(key(next, z), (sx * d.get(key(x, z))! + sy * d.get(key(y, z))!) / (sx + sy));
    }
    active.set(next, sx + sy);
    merges.push({ left: x, right: y, distance: bestD, size: sx + sy });
  }
  return merges;
}
