/**
 * Tensor and table payloads as Arrow IPC streams (docs/transport.md §1).
 *
 * A tensor travels as one row of `FixedSizeList<T>[numel]`, the storage of Arrow's canonical
 * `arrow.fixed_shape_tensor`; decoding hands back a typed-array view onto the received bytes.
 */
import {
  Data,
  DataType,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Uint8,
  makeData,
  tableFromIPC,
  tableToIPC
} from 'apache-arrow';

import { TransportError } from './errors';
import { float16ToFloat32 } from './float16';
import * as msg from './messages';
import { DType, PAYLOAD_KINDS, PayloadKind, Tensor, TensorData } from './types';
import {
  EXTENSION_METADATA_KEY,
  EXTENSION_NAME_KEY,
  FIXED_SHAPE_TENSOR,
  IPC_ALIGNMENT,
  KIND_KEY,
  LIST_ITEM_FIELD,
  SOURCE_DTYPE_KEY,
  TENSOR_COLUMN
} from './wire';

/** Arrow's `Precision` enum values for floats (kept local: a const enum import would tie us to its build). */
const HALF = 0;
const SINGLE = 1;
const BITS_32 = 32;
const BITS_8 = 8;

/**
 * True when `view` starts on a multiple of `alignment` bytes within its ArrayBuffer, i.e. a
 * typed array of that element size can be laid over it without copying.
 *
 * @example
 * isAligned(new Uint8Array(new ArrayBuffer(16), 4), 4); // true
 * isAligned(new Uint8Array(new ArrayBuffer(16), 2), 4); // false
 */
export function isAligned(view: ArrayBufferView, alignment: number): boolean {
  return view.byteOffset % alignment === 0;
}

/**
 * Decodes a tensor payload. The returned `data` is a view onto `bytes` (zero-copy) for
 * float32, int32 and bool (uint8 on the wire); float16 on the wire is widened to float32
 * (one copy, tfjs has no float16).
 *
 * If `bytes` does not start on an 8-byte boundary of its ArrayBuffer, the stream is copied
 * once into a fresh buffer first, because typed arrays cannot sit on misaligned offsets.
 * Payloads from `ChunkReceiver` (a fresh ArrayBuffer) and pyarrow output never need this.
 *
 * @example
 * const t = decodeTensor(bytes);   // bytes from ChunkReceiver's 'complete' event
 * t.shape;                         // [2, 3, 4]
 * t.data.buffer === bytes.buffer;  // true: no copy
 */
export function decodeTensor(bytes: Uint8Array): Tensor {
  const table = readIPC(bytes);
  checkKind(table, PAYLOAD_KINDS.tensor);
  const fields = table.schema.fields;
  if (fields.length !== 1 || fields[0].name !== TENSOR_COLUMN) {
    throw new TransportError(msg.wrongColumns(fields.map(f => f.name)));
  }
  if (table.batches.length !== 1 || table.numRows !== 1) {
    throw new TransportError(msg.wrongRowCount(table.numRows, table.batches.length));
  }
  const sourceDtype = table.schema.metadata.get(SOURCE_DTYPE_KEY);
  return decodeColumn(table, 0, sourceDtype);
}

/**
 * Decodes a `tensors` payload (docs/ir.md §4: a model's weights): one row, one tensor column
 * per name. Each tensor's data views the received bytes, as in `decodeTensor`.
 *
 * @example
 * const weights = decodeTensors(bytes);
 * weights.get('p_conv1_weight')?.shape; // [64, 3, 7, 7]
 */
export function decodeTensors(bytes: Uint8Array): Map<string, Tensor> {
  const table = readIPC(bytes);
  checkKind(table, PAYLOAD_KINDS.tensors);
  if (table.batches.length !== 1 || table.numRows !== 1) {
    throw new TransportError(msg.wrongRowCount(table.numRows, table.batches.length));
  }
  const out = new Map<string, Tensor>();
  table.schema.fields.forEach((field, i) => {
    out.set(field.name, decodeColumn(table, i, field.metadata.get(SOURCE_DTYPE_KEY)));
  });
  return out;
}

/** One fixed_shape_tensor column of a one-row table, viewed in place. */
function decodeColumn(table: Table, index: number, source: string | undefined): Tensor {
  const field = table.schema.fields[index];
  if (!DataType.isFixedSizeList(field.type)) {
    throw new TransportError(msg.notFixedSizeList(String(field.type)));
  }
  const { shape, dimNames } = readExtension(field);
  const numel = shape.reduce((a, b) => a * b, 1);
  const listSize = field.type.listSize;
  if (listSize !== numel) {
    throw new TransportError(msg.shapeMismatch(shape, numel, listSize));
  }
  const list = table.batches[0].data.children[index];
  const items = list.children[0];
  if (list.nullCount > 0 || items.nullCount > 0) {
    throw new TransportError(msg.nullValues(list.nullCount + items.nullCount));
  }
  const start = items.offset + list.offset * listSize;
  const { dtype, data } = viewValues(items.type, items.values, start, numel);
  return { shape, dtype, data, dimNames, sourceDtype: source ?? dtype };
}

/**
 * Decodes a table payload (labels, numbers, text) into an apache-arrow Table.
 *
 * @example
 * const labels = decodeTable(bytes);
 * labels.getChild('label')?.toArray();
 */
export function decodeTable(bytes: Uint8Array): Table {
  const table = readIPC(bytes);
  checkKind(table, PAYLOAD_KINDS.table);
  return table;
}

/**
 * Encodes a tensor with exactly the layout the kernel writes (one row of
 * `FixedSizeList<T>[numel]`, extension and netlens metadata), so Python decodes browser
 * results with the same code as its own. bool is sent as uint8.
 *
 * @example
 * const bytes = encodeTensor({shape: [2, 2], dtype: 'float32', data: new Float32Array(4),
 *                             dimNames: ['H', 'W'], sourceDtype: 'float32'});
 * decodeTensor(bytes).shape; // [2, 2]
 */
export function encodeTensor(t: Tensor): Uint8Array {
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== numel) {
    throw new TransportError(msg.unencodableLength(t.shape, t.data.length));
  }
  const items = itemData(t.dtype, t.data);
  const listType = new FixedSizeList(numel, new Field(LIST_ITEM_FIELD, items.type, true));
  const fieldMetadata = new Map([
    [EXTENSION_NAME_KEY, FIXED_SHAPE_TENSOR],
    [EXTENSION_METADATA_KEY, extensionMetadata(t.shape, t.dimNames)]
  ]);
  // Not nullable, like the kernel's field: the one row is the tensor.
  const field = new Field(TENSOR_COLUMN, listType, false, fieldMetadata);
  const schema = new Schema(
    [field],
    new Map([
      [KIND_KEY, PAYLOAD_KINDS.tensor],
      [SOURCE_DTYPE_KEY, t.sourceDtype]
    ])
  );
  const list = makeData({ type: listType, length: 1, nullCount: 0, child: items });
  const struct = makeData({ type: new Struct(schema.fields), length: 1, nullCount: 0, children: [list] });
  return tableToIPC(new Table([new RecordBatch(schema, struct)]), 'stream');
}

/**
 * Encodes named tensors as a `tensors` payload (one row, one column per name), the layout the
 * kernel writes for weights and reads with `ipc_to_tensors`.
 *
 * @example
 * const bytes = encodeTensors(new Map([['output:0', logits], ['run', runId]]));
 * decodeTensors(bytes).get('output:0')?.shape; // [2, 10]
 */
export function encodeTensors(tensors: ReadonlyMap<string, Tensor>): Uint8Array {
  const fields: Field[] = [];
  const columns: Data[] = [];
  tensors.forEach((t, name) => {
    const numel = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== numel) {
      throw new TransportError(msg.unencodableLength(t.shape, t.data.length));
    }
    const items = itemData(t.dtype, t.data);
    const listType = new FixedSizeList(numel, new Field(LIST_ITEM_FIELD, items.type, true));
    const metadata = new Map([
      [EXTENSION_NAME_KEY, FIXED_SHAPE_TENSOR],
      [EXTENSION_METADATA_KEY, extensionMetadata(t.shape, t.dimNames)],
      [SOURCE_DTYPE_KEY, t.sourceDtype]
    ]);
    fields.push(new Field(name, listType, false, metadata));
    columns.push(makeData({ type: listType, length: 1, nullCount: 0, child: items }));
  });
  const schema = new Schema(fields, new Map([[KIND_KEY, PAYLOAD_KINDS.tensors]]));
  const struct = makeData({ type: new Struct(schema.fields), length: 1, nullCount: 0, children: columns });
  return tableToIPC(new Table([new RecordBatch(schema, struct)]), 'stream');
}

/**
 * The extension metadata JSON spelled as Python's `json.dumps` spells it (", " and ": "
 * separators, non-ASCII escaped), so both sides write identical schemas.
 */
function extensionMetadata(shape: number[], dimNames: string[]): string {
  const pyString = (s: string) =>
    JSON.stringify(s).replace(/[\u0080-\uffff]/g, c => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const parts = [`"shape": [${shape.join(', ')}]`];
  if (dimNames.length > 0) {
    parts.push(`"dim_names": [${dimNames.map(pyString).join(', ')}]`);
  }
  return `{${parts.join(', ')}}`;
}

/** The values as Arrow data of the type their dtype travels as (bool as uint8); no copy. */
function itemData(dtype: DType, data: TensorData): Data<Float32 | Int32 | Uint8> {
  const length = data.length;
  if (dtype === 'float32' && data instanceof Float32Array) {
    return makeData({ type: new Float32(), length, nullCount: 0, data });
  }
  if (dtype === 'int32' && data instanceof Int32Array) {
    return makeData({ type: new Int32(), length, nullCount: 0, data });
  }
  if (dtype === 'bool' && data instanceof Uint8Array) {
    return makeData({ type: new Uint8(), length, nullCount: 0, data });
  }
  throw new TransportError(msg.unencodableDtype(`${String(dtype)} with ${data.constructor.name}`));
}

/** Parses the stream, after one aligning copy if the bytes start misaligned (see decodeTensor). */
function readIPC(bytes: Uint8Array): Table {
  const aligned = isAligned(bytes, IPC_ALIGNMENT) ? bytes : bytes.slice();
  try {
    return tableFromIPC(aligned);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (e instanceof RangeError && /offset|multiple/i.test(detail)) {
      throw new TransportError(msg.misalignedBuffer(detail));
    }
    throw new TransportError(msg.notArrowStream(detail));
  }
}

function checkKind(table: Table, expected: PayloadKind): void {
  const kind = table.schema.metadata.get(KIND_KEY);
  if (kind !== expected) {
    throw new TransportError(msg.wrongPayloadKind(expected, kind));
  }
}

/** Shape and dim names from the canonical extension's field metadata. */
function readExtension(field: Field): { shape: number[]; dimNames: string[] } {
  const name = field.metadata.get(EXTENSION_NAME_KEY);
  if (name !== FIXED_SHAPE_TENSOR) {
    throw new TransportError(msg.wrongExtension(name));
  }
  let meta: unknown;
  try {
    meta = JSON.parse(field.metadata.get(EXTENSION_METADATA_KEY) ?? '');
  } catch {
    throw new TransportError(msg.badExtensionMetadata('not JSON'));
  }
  const { shape, dim_names: dimNames } = (meta ?? {}) as { shape?: unknown; dim_names?: unknown };
  if (!Array.isArray(shape) || !shape.every(d => Number.isInteger(d) && d >= 0)) {
    throw new TransportError(msg.badExtensionMetadata('shape must be a list of non-negative integers'));
  }
  if (dimNames === undefined || dimNames === null) {
    return { shape, dimNames: [] };
  }
  if (!Array.isArray(dimNames) || dimNames.length !== shape.length || !dimNames.every(d => typeof d === 'string')) {
    throw new TransportError(msg.badExtensionMetadata('dim_names must be one string per dimension'));
  }
  return { shape, dimNames };
}

/** The tensor's values as a view of the wire buffer (or a widened copy for float16). */
function viewValues(
  type: DataType,
  values: ArrayBufferView,
  start: number,
  numel: number
): { dtype: DType; data: TensorData } {
  if (DataType.isFloat(type) && type.precision === SINGLE && values instanceof Float32Array) {
    return { dtype: 'float32', data: values.subarray(start, start + numel) };
  }
  if (DataType.isFloat(type) && type.precision === HALF && values instanceof Uint16Array) {
    return { dtype: 'float32', data: float16ToFloat32(values.subarray(start, start + numel)) };
  }
  if (DataType.isInt(type) && type.isSigned && type.bitWidth === BITS_32 && values instanceof Int32Array) {
    return { dtype: 'int32', data: values.subarray(start, start + numel) };
  }
  if (DataType.isInt(type) && !type.isSigned && type.bitWidth === BITS_8 && values instanceof Uint8Array) {
    return { dtype: 'bool', data: values.subarray(start, start + numel) };
  }
  throw new TransportError(msg.unsupportedValueType(String(type)));
}
