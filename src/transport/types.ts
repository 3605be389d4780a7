/**
 * Types at the transport boundary. A decoded tensor is a view onto the received bytes.
 */

/** dtypes a tensor can have in the browser (tfjs has no float64/int64). */
export const DTYPES = { float32: 'float32', int32: 'int32', bool: 'bool' } as const;
export type DType = (typeof DTYPES)[keyof typeof DTYPES];
export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && x in DTYPES;
}

export type TensorData = Float32Array | Int32Array | Uint8Array;

/** An N-d tensor decoded from Arrow: `data` is row-major (C order), `data.length === prod(shape)`. */
export interface Tensor {
  shape: number[];
  dtype: DType;
  data: TensorData;
  /** Dimension names from the Arrow extension metadata, e.g. ["N", "C", "H", "W"]; may be empty. */
  dimNames: string[];
  /** The user's dtype before the kernel cast it for the wire, e.g. "float64". */
  sourceDtype: string;
}

/** Payload kinds on the wire (docs/transport.md). */
export const PAYLOAD_KINDS = { tensor: 'tensor', table: 'table', tensors: 'tensors' } as const;
export type PayloadKind = (typeof PAYLOAD_KINDS)[keyof typeof PAYLOAD_KINDS];
