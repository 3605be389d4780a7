/**
 * decodeTensor / decodeTable against the golden payloads pyarrow wrote (tests/golden, made by
 * tests/golden/make_golden.py with the kernel's own encoder), zero-copy proofs, the error
 * cases, and encodeTensor round trips (including the kernel's decoder, when Python is here).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';
import { Field, FixedSizeList, Float32, Float64, Int32, RecordBatch, Schema, Struct, Table, makeData, tableFromIPC, tableToIPC } from 'apache-arrow';

import { decodeTable, decodeTensor, encodeTensor, isAligned } from '../../../src/transport/arrow';
import { TransportError } from '../../../src/transport/errors';
import { Tensor } from '../../../src/transport/types';

const GOLDEN = path.join(__dirname, '../../golden');
const ROOT = path.join(__dirname, '../../..');

interface GoldenTensor {
  kind: 'tensor';
  shape: number[];
  dtype: string;
  wire_dtype: string;
  dim_names: string[];
  source_dtype: string;
  values: (number | string | boolean)[];
}
interface GoldenTable {
  kind: 'table';
  columns: string[];
  types: string[];
  num_rows: number;
  values: Record<string, (number | string)[]>;
}
const index = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'golden.json'), 'utf8')) as Record<string, GoldenTensor | GoldenTable>;
const tensorCases = Object.entries(index).filter((e): e is [string, GoldenTensor] => e[1].kind === 'tensor');
const tableCases = Object.entries(index).filter((e): e is [string, GoldenTable] => e[1].kind === 'table');

/** The file's bytes at `offset` inside a fresh ArrayBuffer (readFileSync may hand out a shared pool slice). */
function load(name: string, offset = 0): Uint8Array {
  const file = fs.readFileSync(path.join(GOLDEN, name));
  const bytes = new Uint8Array(new ArrayBuffer(offset + file.byteLength), offset, file.byteLength);
  bytes.set(file);
  return bytes;
}

/** JSON's stand-ins for non-finite numbers and bools, as the numbers a typed array holds. */
const expectedNumber = (v: number | string | boolean): number =>
  typeof v === 'boolean' ? Number(v) : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v);

const ARRAY_OF: Record<string, Function> = { float32: Float32Array, int32: Int32Array, bool: Uint8Array };

describe('golden payloads from the kernel', () => {
  it('are all here (tests/golden/make_golden.py writes them)', () => {
    expect(tensorCases.map(([name]) => name).sort()).toEqual(
      ['bool_4.arrow', 'f16wire_2x2.arrow', 'f32_2x3x4.arrow', 'f64_nan_inf_5.arrow', 'i64_3x2.arrow', 'scalar.arrow', 'u8_img_2x2x3.arrow'].sort()
    );
    expect(tableCases.map(([name]) => name)).toEqual(['table_labels.arrow']);
  });

  describe.each(tensorCases)('%s', (name, golden) => {
    it('decodes to the expected shape, dtype, names and values', () => {
      const t = decodeTensor(load(name));
      expect(t.shape).toEqual(golden.shape);
      expect(t.dtype).toBe(golden.dtype);
      expect(t.dimNames).toEqual(golden.dim_names);
      expect(t.sourceDtype).toBe(golden.source_dtype);
      expect(t.data).toBeInstanceOf(ARRAY_OF[golden.dtype]);
      expect(t.data.length).toBe(golden.values.length);
      // toEqual treats NaN as equal to NaN; values must match exactly.
      expect(Array.from(t.data)).toEqual(golden.values.map(expectedNumber));
    });

    if (golden.wire_dtype !== 'float16') {
      it('is a view onto the received bytes (zero-copy), shared by a tfjs CPU tensor', () => {
        const bytes = load(name);
        const t = decodeTensor(bytes);
        expect(t.data.buffer).toBe(bytes.buffer);
        expect(t.data.byteOffset).toBeGreaterThanOrEqual(bytes.byteOffset);
        expect(t.data.byteOffset + t.data.byteLength).toBeLessThanOrEqual(bytes.byteOffset + bytes.byteLength);
        expect(isAligned(t.data, t.data.BYTES_PER_ELEMENT)).toBe(true);
        expect(tf.getBackend()).toBe('cpu');
        const x = tf.tensor(t.data, t.shape, t.dtype);
        try {
          // tfjs's readSync copies bool data on the way out, so look at what the backend holds.
          const held = t.dtype === 'bool' ? (tf.backend() as unknown as { data: { get(id: object): { values: Uint8Array } } }).data.get(x.dataId).values : x.dataSync();
          expect(held.buffer).toBe(bytes.buffer);
        } finally {
          x.dispose();
        }
      });
    } else {
      it('is widened from float16 into a new float32 array (one copy)', () => {
        const bytes = load(name);
        const t = decodeTensor(bytes);
        expect(t.data).toBeInstanceOf(Float32Array);
        expect(t.data.buffer).not.toBe(bytes.buffer);
      });
    }

    it('stays zero-copy at an 8-aligned offset inside a larger buffer, and copies once when misaligned', () => {
      const inside = load(name, 24);
      if (golden.wire_dtype !== 'float16') {
        expect(decodeTensor(inside).data.buffer).toBe(inside.buffer);
      }
      const misaligned = load(name, 3);
      const t = decodeTensor(misaligned);
      expect(t.data.buffer).not.toBe(misaligned.buffer);
      expect(Array.from(t.data)).toEqual(golden.values.map(expectedNumber));
    });

    it('is refused by decodeTable', () => {
      expect(() => decodeTable(load(name))).toThrow(/expected a netlens table payload but schema metadata netlens:kind is "tensor"/);
    });
  });

  describe.each(tableCases)('%s', (name, golden) => {
    const ARROW_TYPE: Record<string, string> = { string: 'Utf8', double: 'Float64', int64: 'Int64' };

    it('decodes as an Arrow table with the expected columns and values', () => {
      const table = decodeTable(load(name));
      expect(table.numRows).toBe(golden.num_rows);
      expect(table.schema.fields.map(f => f.name)).toEqual(golden.columns);
      expect(table.schema.fields.map(f => String(f.type))).toEqual(golden.types.map(t => ARROW_TYPE[t] ?? t));
      for (const column of golden.columns) {
        const got = Array.from(table.getChild(column)!.toArray() as ArrayLike<unknown>, v => (typeof v === 'bigint' ? Number(v) : v));
        expect(got).toEqual(golden.values[column]);
      }
    });

    it('is refused by decodeTensor', () => {
      expect(() => decodeTensor(load(name))).toThrow(TransportError);
      expect(() => decodeTensor(load(name))).toThrow(/expected a netlens tensor payload/);
    });
  });
});

/** A tensor-like payload with every part chosen by the test, to build broken ones. */
function payload(options: {
  values?: Float32Array | Float64Array | Int32Array;
  listSize?: number;
  extension?: string | null;
  extensionName?: string | null;
  kind?: string;
  rows?: number;
  column?: string;
}): Uint8Array {
  const values = options.values ?? new Float32Array(4);
  const rows = options.rows ?? 1;
  const listSize = options.listSize ?? values.length / rows;
  const itemType = values instanceof Float64Array ? new Float64() : values instanceof Int32Array ? new Int32() : new Float32();
  const listType = new FixedSizeList(listSize, new Field('item', itemType, true));
  const meta = new Map<string, string>();
  if (options.extensionName !== null) meta.set('ARROW:extension:name', options.extensionName ?? 'arrow.fixed_shape_tensor');
  if (options.extension !== null) meta.set('ARROW:extension:metadata', options.extension ?? `{"shape": [${listSize}]}`);
  const schema = new Schema([new Field(options.column ?? 'tensor', listType, false, meta)], new Map([['netlens:kind', options.kind ?? 'tensor']]));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const items = makeData({ type: itemType as any, length: values.length, nullCount: 0, data: values as any });
  const list = makeData({ type: listType, length: rows, nullCount: 0, child: items });
  const struct = makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children: [list] });
  return tableToIPC(new Table([new RecordBatch(schema, struct)]), 'stream');
}

describe('decodeTensor refuses malformed payloads with a TransportError', () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['bytes that are not Arrow', () => new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), /not a readable Arrow IPC stream/],
    ['the wrong kind', () => payload({ kind: 'table' }), /netlens:kind is "table"/],
    ['a column with another name', () => payload({ column: 'values' }), /exactly one column, named "tensor"; got "values"/],
    ['no extension name', () => payload({ extensionName: null }), /ARROW:extension:name = arrow.fixed_shape_tensor; got none/],
    ['another extension', () => payload({ extensionName: 'arrow.uuid' }), /got "arrow.uuid"/],
    ['metadata that is not JSON', () => payload({ extension: '{shape' }), /not JSON/],
    ['a shape of the wrong size', () => payload({ extension: '{"shape": [2, 3]}' }), /shape \[2, 3\] needs 6 values but the list holds 4/],
    ['a negative dimension', () => payload({ extension: '{"shape": [-4]}' }), /non-negative integers/],
    ['dim names that do not fit', () => payload({ extension: '{"shape": [4], "dim_names": ["H", "W"]}' }), /one string per dimension/],
    ['float64 values on the wire', () => payload({ values: new Float64Array(4) }), /unsupported tensor value type Float64/],
    ['two rows', () => payload({ values: new Float32Array(8), rows: 2 }), /one row in one record batch; got 2 row/]
  ];
  it.each(cases)('%s', (_label, make, message) => {
    const bytes = make();
    expect(() => decodeTensor(bytes)).toThrow(TransportError);
    expect(() => decodeTensor(bytes)).toThrow(message);
  });
});

describe('encodeTensor', () => {
  const tensors: Tensor[] = [
    { shape: [2, 3], dtype: 'float32', data: Float32Array.of(1, -2, NaN, Infinity, -Infinity, 0.5), dimNames: ['H', 'W'], sourceDtype: 'float64' },
    { shape: [3, 1], dtype: 'int32', data: Int32Array.of(-(2 ** 31), 0, 2 ** 31 - 1), dimNames: [], sourceDtype: 'int64' },
    { shape: [4], dtype: 'bool', data: Uint8Array.of(1, 0, 0, 1), dimNames: ['N'], sourceDtype: 'bool' },
    { shape: [], dtype: 'float32', data: Float32Array.of(7), dimNames: [], sourceDtype: 'float32' },
    { shape: [0, 3], dtype: 'float32', data: new Float32Array(0), dimNames: ['N', 'C'], sourceDtype: 'float32' }
  ];

  it.each(tensors.map(t => [JSON.stringify(t.shape) + ' ' + t.dtype, t] as const))('round-trips %s through decodeTensor', (_label, t) => {
    const back = decodeTensor(encodeTensor(t));
    expect(back).toEqual({ ...t, data: expect.anything() });
    expect(back.data).toBeInstanceOf(t.data.constructor as Function);
    expect(Array.from(back.data)).toEqual(Array.from(t.data));
  });

  it.each(tensorCases.filter(([, g]) => g.wire_dtype !== 'float16'))('writes the same schema as the kernel for %s', name => {
    const theirs = tableFromIPC(load(name));
    const ours = tableFromIPC(encodeTensor(decodeTensor(load(name))));
    const describeSchema = (s: Schema) => ({
      metadata: Object.fromEntries(s.metadata),
      fields: s.fields.map(f => ({ name: f.name, nullable: f.nullable, type: String(f.type), metadata: Object.fromEntries(f.metadata), item: (f.type as FixedSizeList).children[0].name }))
    });
    expect(describeSchema(ours.schema)).toEqual(describeSchema(theirs.schema));
  });

  it('rejects data that does not fit the shape or dtype', () => {
    expect(() => encodeTensor({ shape: [2, 2], dtype: 'float32', data: new Float32Array(3), dimNames: [], sourceDtype: 'float32' })).toThrow(/does not match data length 3/);
    expect(() => encodeTensor({ shape: [2], dtype: 'int32', data: new Float32Array(2), dimNames: [], sourceDtype: 'float32' })).toThrow(TransportError);
  });

  const python = pythonWithNetlens();
  (python === null ? it.skip : it)("decodes in the kernel with netlens._arrow.ipc_to_tensor (skipped without python3 + pyarrow)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlens-encode-'));
    try {
      tensors.forEach((t, i) => fs.writeFileSync(path.join(dir, `${i}.arrow`), encodeTensor(t)));
      const script = [
        'import json, sys, numpy as np',
        'from netlens._arrow import ipc_to_tensor',
        'out = []',
        `for i in range(${tensors.length}):`,
        '    a = ipc_to_tensor(open(f"{sys.argv[1]}/{i}.arrow", "rb").read())',
        '    out.append({"shape": list(a.shape), "dtype": str(a.dtype), "values": [None if isinstance(v, float) and not np.isfinite(v) else v for v in a.reshape(-1).tolist()]})',
        'print(json.dumps(out))'
      ].join('\n');
      const result = JSON.parse(execFileSync(python!, ['-c', script, dir], { env: { ...process.env, PYTHONPATH: path.join(ROOT, 'python-shim') } }).toString());
      expect(result.map((r: { shape: number[] }) => r.shape)).toEqual(tensors.map(t => t.shape));
      expect(result.map((r: { dtype: string }) => r.dtype)).toEqual(['float32', 'int32', 'bool', 'float32', 'float32']);
      expect(result[0].values).toEqual([1, -2, null, null, null, 0.5]);
      expect(result[1].values).toEqual([-(2 ** 31), 0, 2 ** 31 - 1]);
      expect(result[2].values).toEqual([true, false, false, true]);
      expect(result[3].values).toEqual([7]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** python3 if it can import pyarrow, numpy and the shim's _arrow module; else null. */
function pythonWithNetlens(): string | null {
  try {
    execFileSync('python3', ['-c', 'import pyarrow, numpy, netlens._arrow'], {
      env: { ...process.env, PYTHONPATH: path.join(ROOT, 'python-shim') },
      stdio: 'ignore'
    });
    return 'python3';
  } catch {
    return null;
  }
}

describe('tensors payload (weights, results)', () => {
  const { decodeTensors, encodeTensors } = jest.requireActual('../../../src/transport/arrow');
  it('round-trips named tensors of each dtype, viewing the bytes in place', () => {
    const input = new Map([
      ['w', { shape: [2, 3], dtype: 'float32', data: new Float32Array([1, 2, 3, 4, 5, 6]), dimNames: [], sourceDtype: 'float32' }],
      ['run', { shape: [1], dtype: 'int32', data: new Int32Array([7]), dimNames: [], sourceDtype: 'int32' }],
      ['m', { shape: [2], dtype: 'bool', data: new Uint8Array([1, 0]), dimNames: [], sourceDtype: 'bool' }]
    ]);
    const bytes: Uint8Array = encodeTensors(input);
    const out = decodeTensors(bytes);
    expect([...out.keys()]).toEqual(['w', 'run', 'm']);
    expect(Array.from(out.get('w').data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.get('w').shape).toEqual([2, 3]);
    expect(out.get('w').data.buffer).toBe(bytes.buffer);
    expect(Array.from(out.get('run').data)).toEqual([7]);
    expect(out.get('m').dtype).toBe('bool');
  });
  it('rejects a single-tensor payload where many are expected', () => {
    const { encodeTensor } = jest.requireActual('../../../src/transport/arrow');
    const one = encodeTensor({ shape: [1], dtype: 'float32', data: new Float32Array([1]), dimNames: [], sourceDtype: 'float32' });
    expect(() => decodeTensors(one)).toThrow(/tensors/);
  });
});
