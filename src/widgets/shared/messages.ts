/** Every user-facing text of the widgets room, in one place. */
export const messages = {
  emptyTensor: (shape: number[]) =>
    `This tensor has no elements (shape [${shape.join(', ')}]); there is nothing to draw.`,
  nonFinite: (nan: number, posInf: number, negInf: number) => {
    const parts: string[] = [];
    if (nan > 0) parts.push(`${nan.toLocaleString()} NaN`);
    if (posInf > 0) parts.push(`${posInf.toLocaleString()} +Inf`);
    if (negInf > 0) parts.push(`${negInf.toLocaleString()} −Inf`);
    return parts.join(' · ');
  },
  backendBadge: (name: string) => `tfjs: ${name}`,
  backendTitle: (name: string, fallbacks: { backend: string; reason: string }[]) =>
    fallbacks.length === 0
      ? `Computing with TensorFlow.js on ${name}.`
      : `Computing with TensorFlow.js on ${name}. Fell back because:\n` +
        fallbacks.map(f => `• ${f.backend}: ${f.reason}`).join('\n'),
  receiving: (received: number, total: number) =>
    `receiving ${(received / 2 ** 20).toFixed(1)} of ${(total / 2 ** 20).toFixed(1)} MiB`,
  renderFailed: (what: string, err: unknown) => `netlens could not ${what}: ${errorText(err)}`,
  stateVersion: (saved: string, running: string) =>
    `This view was saved by netlens ${saved}; the page runs netlens ${running}. Re-run the cell to redraw it.`
};

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    return err.message || err.name;
  }
  return String(err);
}
