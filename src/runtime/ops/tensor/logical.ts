/** Elementwise logic → bool; any nonzero value counts as true, as in PyTorch. */
import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { noGradient } from '../util';
import { operandArg, toTensor } from './promote';

function truth(inputs: Parameters<Lowering>[0], i: number): tf.Tensor {
  return toTensor(operandArg(inputs, i), 'bool');
}

/** `logical_not(a)` = not a. */
export const logicalNot: Lowering = inputs => noGradient(tf.logicalNot)(truth(inputs, 0));

/** `logical_and(a, b)` = a and b, broadcasting. */
export const logicalAnd: Lowering = inputs => noGradient(tf.logicalAnd)(truth(inputs, 0), truth(inputs, 1));

/** `logical_or(a, b)` = a or b, broadcasting. */
export const logicalOr: Lowering = inputs => noGradient(tf.logicalOr)(truth(inputs, 0), truth(inputs, 1));
