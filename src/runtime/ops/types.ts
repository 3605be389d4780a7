/**
 * The contract between the graph compiler and one op's lowering (docs/ir.md §3).
 *
 * A lowering is a pure function: tensors (and numbers) in, tensors (or an int for `sym_*`) out,
 * built only from differentiable tfjs ops so `tf.grad` flows through it. It never disposes its
 * inputs; the compiler runs it inside `tf.tidy`.
 */
import type * as tf from '@tensorflow/tfjs';

/** A value flowing along a graph edge: a tensor, a number (scalar args, symbolic ints), an absent optional, or a list. */
export type OpValue = tf.Tensor | number | boolean | null | OpValue[];

/** Attribute values after the compiler replaced `{"ref": name}` with the symbolic int's value. */
export type AttrValue = number | boolean | string | null | AttrValue[];
export type Attrs = Record<string, AttrValue>;

/** What a lowering may know about the node it lowers (for error messages and output shapes). */
export interface OpContext {
  /** Node name in the IR, e.g. "conv2d_3". */
  name: string;
  /** IR op, e.g. "conv2d". */
  op: string;
  /** Module path, e.g. "layer4.1.conv2" ("" for the root). */
  module: string;
}

/**
 * Lowers one IR op. Returns a tensor, an int (`sym_*`), or a list of tensors for multi-output
 * ops (`lstm`, `split`, `max_dim`, …), in the IR's output order.
 *
 * @example
 * const relu: Lowering = ([x]) => tf.relu(x as tf.Tensor);
 */
export type Lowering = (inputs: OpValue[], attrs: Attrs, ctx: OpContext) => OpValue;

/** An error raised by a lowering for inputs it cannot handle; the compiler adds the node and module. */
export class OpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpError';
  }
}
