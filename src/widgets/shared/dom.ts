/**
 * Tiny DOM helpers. Everything user-supplied goes in through textContent, never innerHTML.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

/** A labelled <select>; `onChange` receives the chosen value. */
export function select(
  label: string,
  options: { value: string; text: string }[],
  value: string,
  onChange: (v: string) => void
): { root: HTMLLabelElement; input: HTMLSelectElement } {
  const root = el('label', 'nl-control');
  root.append(el('span', 'nl-control-label', label));
  const input = el('select');
  for (const o of options) {
    const opt = el('option', undefined, o.text);
    opt.value = o.value;
    input.append(opt);
  }
  input.value = value;
  input.addEventListener('change', () => onChange(input.value));
  root.append(input);
  return { root, input };
}

/** A labelled number input. */
export function numberInput(
  label: string,
  attrs: { min?: number; max?: number; step?: number; placeholder?: string },
  value: number | null,
  onChange: (v: number | null) => void
): { root: HTMLLabelElement; input: HTMLInputElement } {
  const root = el('label', 'nl-control');
  root.append(el('span', 'nl-control-label', label));
  const input = el('input');
  input.type = 'number';
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined) {
      input.setAttribute(k, String(v));
    }
  }
  input.value = value === null ? '' : String(value);
  // Enter and change may both fire for one edit: onChange must be idempotent (setting a trait twice is).
  const commit = () => {
    const v = input.value.trim() === '' ? null : Number(input.value);
    onChange(v !== null && Number.isFinite(v) ? v : null);
  };
  input.addEventListener('change', commit);
  // Enter commits at once; the notebook does not see keys typed here (Enter would run the cell).
  input.addEventListener('keydown', ev => {
    ev.stopPropagation();
    if (ev.key === 'Enter') commit();
  });
  root.append(input);
  return { root, input };
}

/** Triggers a browser download of a URL (data: or blob:). */
export function download(url: string, filename: string): void {
  const a = el('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}

/** Coalesces bursts of calls (trait changes, a drag) into one `fn()` per animation frame. */
export function perFrame(fn: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fn();
    });
  };
}

/** Shows `message` in an error box (as text), or hides the box when it is empty. */
export function showMessage(box: HTMLElement, message: string): void {
  box.textContent = message;
  box.style.display = message ? 'block' : 'none';
}
