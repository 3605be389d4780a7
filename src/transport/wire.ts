/**
 * Names fixed by the wire contract (docs/transport.md §1). Both sides spell them the same way;
 * change them only together with python-shim/netlens/_arrow.py.
 */

/** Schema metadata key saying what the payload is (`tensor` or `table`). */
export const KIND_KEY = 'netlens:kind';
/** Schema metadata key with the user's dtype before the kernel cast it for the wire. */
export const SOURCE_DTYPE_KEY = 'netlens:source_dtype';
/** Field metadata keys of Arrow canonical extension types. */
export const EXTENSION_NAME_KEY = 'ARROW:extension:name';
export const EXTENSION_METADATA_KEY = 'ARROW:extension:metadata';
/** Arrow's canonical extension for N-d tensors; one row of its storage holds one tensor. */
export const FIXED_SHAPE_TENSOR = 'arrow.fixed_shape_tensor';
/** The single column of a tensor payload. */
export const TENSOR_COLUMN = 'tensor';
/** Child field name pyarrow gives list items; matching it keeps encoded schemas identical. */
export const LIST_ITEM_FIELD = 'item';
/**
 * Alignment the IPC format promises for every buffer (pyarrow pads to 8 or 64). A stream whose
 * first byte sits on this alignment has all its buffers aligned too, so values can be viewed in place.
 */
export const IPC_ALIGNMENT = 8;
