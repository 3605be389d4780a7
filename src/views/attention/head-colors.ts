/**
 * One colour per head: Tableau 10 for up to 10 heads (BertViz uses a categorical scheme the
 * same way), evenly spaced hues beyond.
 */
const TABLEAU10 = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/**
 * @example
 * headColor(0, 12); // 'hsl(0, 65%, 50%)'
 */
export function headColor(head: number, heads: number): string {
  if (heads <= TABLEAU10.length) {
    return TABLEAU10[head];
  }
  return `hsl(${Math.round((360 * head) / heads)}, 65%, 50%)`;
}
