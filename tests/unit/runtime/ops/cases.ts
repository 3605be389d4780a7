/**
 * Runs the PyTorch reference cases of one op group (tests/fixtures/ops/<group>.py) through the
 * op lowerings on the backend under test: outputs within 1e-4 and input gradients within 1e-3
 * of PyTorch, relative to the reference's largest magnitude; no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';

import { OPS } from '../../../../src/runtime/ops';
import type { OpValue } from '../../../../src/runtime/ops';
import { TEST_BACKEND } from '../../../jest/backend';
import { readFixtureJson } from '../../../jest/fixtures';

export const OUTPUT_RTOL = 1e-4;
export const GRAD_RTOL = 1e-3;

interface JsonTensor {
  tensor: { shape: number[]; dtype: 'float32' | 'int32' | 'bool'; data: number[] };
}
type JsonValue = JsonTensor | number | boolean | null | JsonValue[];

export interface OpCase {
  id: string;
  op: string;
  inputs: JsonValue[];
  attrs: Record<string, unknown>;
  expected: JsonValue[];
  multi: boolean;
  R: (JsonTensor | null)[];
  grads: (JsonTensor | null)[] | null;
  rtol?: number;
}

function isTensor(v: JsonValue): v is JsonTensor {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'tensor' in v;
}

function toTf(t: JsonTensor): tf.Tensor {
  const { shape, dtype, data } = t.tensor;
  return tf.tensor(dtype === 'bool' ? data.map(Boolean) : data, shape, dtype);
}

/** Builds the op's inputs; float tensors are also collected as gradient leaves. */
function build(v: JsonValue, leaves: tf.Tensor[]): OpValue {
  if (Array.isArray(v)) return v.map(x => build(x, leaves));
  if (isTensor(v)) {
    const t = toTf(v);
    if (t.dtype === 'float32') leaves.push(t);
    return t;
  }
  return v;
}

/** Same structure as `build`, but float leaves are replaced in order by `sub`. */
function substitute(v: OpValue, sub: tf.Tensor[], at: { i: number }): OpValue {
  if (Array.isArray(v)) return v.map(x => substitute(x, sub, at));
  if (v instanceof tf.Tensor && v.dtype === 'float32') return sub[at.i++];
  return v;
}

function disposeAll(v: OpValue): void {
  if (Array.isArray(v)) v.forEach(disposeAll);
  else if (v instanceof tf.Tensor) v.dispose();
}

function outputsOf(result: OpValue, multi: boolean): OpValue[] {
  return multi ? (result as OpValue[]) : [result];
}

/** max |a − b| / max |ref| (denominator floored at 1e-6 so all-zero references compare absolutely). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = Number(expected[i]);
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    diff = Math.max(diff, Math.abs(a - e));
    scale = Math.max(scale, Math.abs(e));
  }
  return diff / Math.max(scale, 1e-6);
}

async function expectClose(actual: tf.Tensor, expected: JsonTensor, rtol: number, what: string): Promise<void> {
  expect({ what, shape: actual.shape }).toEqual({ what, shape: expected.tensor.shape });
  // data(), not dataSync(): WebGPU under Node cannot read synchronously.
  const a = await actual.data();
  const err = relativeError(a as ArrayLike<number>, expected.tensor.data);
  if (!(err <= rtol)) {
    throw new Error(`${what}: relative error ${err.toExponential(2)} > ${rtol} (${TEST_BACKEND})`);
  }
}

/** Defines one jest test per case of `group`. */
export function runOpCases(group: string): void {
  const { cases } = readFixtureJson<{ cases: OpCase[] }>(`ops/${group}.json`);
  describe(`${group} ops vs PyTorch on ${TEST_BACKEND}`, () => {
    it('has cases', () => expect(cases.length).toBeGreaterThan(0));
    for (const c of cases) {
      it(c.id, () => runCase(c), 60_000);
    }
  });
}

async function runCase(c: OpCase): Promise<void> {
  const lowering = OPS[c.op];
  if (lowering === undefined) throw new Error(`no lowering for op ${c.op}`);
  const ctx = { name: c.id, op: c.op, module: '' };
  const attrs = c.attrs as Record<string, never>;
  const before = tf.memory().numTensors;
  const leaves: tf.Tensor[] = [];
  const inputs = c.inputs.map(v => build(v, leaves));
  try {
    const result = tf.tidy(() => lowering(inputs, attrs, ctx) as tf.TensorContainer) as OpValue;
    try {
      const outs = outputsOf(result, c.multi);
      expect(outs.length).toBe(c.expected.length);
      for (const [k, e] of c.expected.entries()) {
        if (isTensor(e)) {
          await expectClose(outs[k] as tf.Tensor, e, c.rtol ?? OUTPUT_RTOL, `${c.id} output ${k}`);
        } else {
          expect(outs[k]).toEqual(e);
        }
      }
    } finally {
      disposeAll(result);
    }
    if (c.grads !== null && leaves.length > 0) {
      const grads = tf.tidy(() => {
        const f = (...sub: tf.Tensor[]): tf.Scalar => {
          const outs = outputsOf(lowering(substitute(inputs as OpValue, sub, { i: 0 }) as OpValue[], attrs, ctx), c.multi);
          let loss: tf.Scalar = tf.scalar(0);
          c.R.forEach((r, k) => {
            if (r !== null) loss = tf.add(loss, tf.sum(tf.mul(outs[k] as tf.Tensor, toTf(r))));
          });
          return loss;
        };
        return tf.grads(f)(leaves);
      });
      try {
        for (const [i, g] of c.grads.entries()) {
          if (g !== null) await expectClose(grads[i], g, Math.max(c.rtol ?? 0, GRAD_RTOL), `${c.id} gradient of input leaf ${i}`);
        }
      } finally {
        grads.forEach(g => g.dispose());
      }
    }
  } finally {
    inputs.forEach(disposeAll);
  }
  expect(tf.memory().numTensors).toBe(before);
}
