/**
 * Every user-facing text of the transport room, as functions, so wording lives in one place
 * and tests can match on it.
 */

export const notArrowStream = (detail: string): string =>
  `payload is not a readable Arrow IPC stream (${detail})`;

export const wrongPayloadKind = (expected: string, got: string | undefined): string =>
  `expected a netlens ${expected} payload but schema metadata netlens:kind is ${got === undefined ? 'missing' : JSON.stringify(got)}`;

export const wrongColumns = (names: string[]): string =>
  `a tensor payload has exactly one column, named "tensor"; got ${names.length === 0 ? 'none' : names.map(n => JSON.stringify(n)).join(', ')}`;

export const notFixedSizeList = (type: string): string =>
  `tensor column must be FixedSizeList<T>[numel] (arrow.fixed_shape_tensor storage); got ${type}`;

export const wrongExtension = (name: string | undefined): string =>
  `tensor column must carry ARROW:extension:name = arrow.fixed_shape_tensor; got ${name === undefined ? 'none' : JSON.stringify(name)}`;

export const badExtensionMetadata = (detail: string): string =>
  `ARROW:extension:metadata of the tensor column is invalid: ${detail}`;

export const wrongRowCount = (rows: number, batches: number): string =>
  `a tensor payload holds one row in one record batch; got ${rows} row(s) in ${batches} batch(es)`;

export const shapeMismatch = (shape: number[], numel: number, listSize: number): string =>
  `shape [${shape.join(', ')}] needs ${numel} values but the list holds ${listSize}`;

export const nullValues = (count: number): string =>
  `tensor values may not be null; found ${count} null(s)`;

export const unsupportedValueType = (type: string): string =>
  `unsupported tensor value type ${type} on the wire (expected float32, float16, int32 or uint8)`;

export const misalignedBuffer = (detail: string): string =>
  `an Arrow buffer is not aligned to its element size (${detail}); the producer must pad buffers to 8 bytes`;

export const unencodableLength = (shape: number[], length: number): string =>
  `cannot encode: shape [${shape.join(', ')}] does not match data length ${length}`;

export const unencodableDtype = (dtype: string): string =>
  `cannot encode dtype ${dtype} (expected float32 with Float32Array, int32 with Int32Array or bool with Uint8Array)`;

// --- chunk protocol ---

export const malformedMessage = (type: string, detail: string): string =>
  `malformed ${type} message: ${detail}`;

export const unknownTransfer = (transfer: string): string =>
  `chunk for unknown transfer ${JSON.stringify(transfer)} (no nl:begin seen, or it already finished)`;

export const sequenceGap = (name: string, expected: number, got: number): string =>
  `transfer of "${name}": expected chunk ${expected} but got ${got} (chunks lost or reordered)`;

export const offsetMismatch = (name: string, expected: number, got: number): string =>
  `transfer of "${name}": chunk should start at byte ${expected} but says ${got}`;

export const sizeMismatch = (name: string, expected: number, got: number): string =>
  `transfer of "${name}": announced ${expected} bytes but chunks carry ${got}`;

export const chunkCountMismatch = (name: string, expected: number, got: number): string =>
  `transfer of "${name}": announced ${expected} chunk(s) but got ${got}`;

export const wrongBufferCount = (name: string, n: number): string =>
  `transfer of "${name}": a chunk message carries exactly one buffer; got ${n}`;

export const crcMismatch = (name: string, expected: number, got: number): string =>
  `transfer of "${name}": CRC-32 mismatch (sender ${hex(expected)}, receiver ${hex(got)}); the payload was corrupted`;

export const allocationFailed = (name: string, nbytes: number, detail: string): string =>
  `transfer of "${name}": cannot allocate ${nbytes} bytes (${detail})`;

export const superseded = (name: string): string =>
  `transfer of "${name}" was superseded by a newer one with the same name`;

export const remoteError = (name: string, message: string): string =>
  `transfer of "${name}" failed on the other side: ${message}`;

export const unexpectedAck = (name: string, expected: number, got: number): string =>
  `transfer of "${name}": expected an ack for chunk ${expected} but got ${got}`;

export const receivedMismatch = (name: string, detail: string): string =>
  `transfer of "${name}": receiver confirmed something else (${detail})`;

export const senderDisposed = (name: string): string =>
  `transfer of "${name}" was cancelled because its sender was disposed`;

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');
