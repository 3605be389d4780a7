/**
 * Sentence pairs (BertViz's "Sentence A → Sentence B" filter): which query and key ranges a
 * view shows. A const object, its union type and a guard, as vega-lite writes enumerations.
 */
export const PAIRS = { all: 'all', aa: 'a->a', ab: 'a->b', ba: 'b->a', bb: 'b->b' } as const;
export type Pair = (typeof PAIRS)[keyof typeof PAIRS];
export function isPair(x: unknown): x is Pair {
  return Object.values(PAIRS).includes(x as Pair);
}

/** Half-open ranges [q0, q1) of queries and [k0, k1) of keys. */
export interface PairRanges {
  q0: number;
  q1: number;
  k0: number;
  k1: number;
}

/**
 * @example
 * pairRanges('a->b', 4, 10, 10); // { q0: 0, q1: 4, k0: 4, k1: 10 }
 */
export function pairRanges(pair: Pair, split: number, queries: number, keys: number): PairRanges {
  const all = { q0: 0, q1: queries, k0: 0, k1: keys };
  if (pair === 'all' || split <= 0) {
    return all;
  }
  const a = (n: number) => [0, Math.min(split, n)];
  const b = (n: number) => [Math.min(split, n), n];
  const [q0, q1] = pair[0] === 'a' ? a(queries) : b(queries);
  const [k0, k1] = pair[3] === 'a' ? a(keys) : b(keys);
  return { q0, q1, k0, k1 };
}
