/**
 * The `tensor` op group (docs/ir.md §3: elementwise and reductions, linear algebra, shape and
 * indexing, creation, glue), keyed by IR op name.
 */
import type { Lowering } from '../types';
import { add } from './add';
import { addmm } from './addmm';
import { index } from './advanced_index';
import { amax, amin } from './amax';
import { arange } from './arange';
import { argmax } from './argmax';
import { cast } from './cast';
import { cat } from './cat';
import { eq, ge, gt, le, lt, ne } from './compare';
import { detach } from './detach';
import { div } from './div';
import { einsum } from './einsum';
import { expand } from './expand';
import { flatten } from './flatten';
import { full } from './full';
import { fullLike } from './full_like';
import { gather } from './gather';
import { getitem } from './getitem';
import { identity } from './identity';
import { indexSelect } from './index_select';
import { logicalAnd, logicalNot, logicalOr } from './logical';
import { maskedFill } from './masked_fill';
import { matmul } from './matmul';
import { maxDim } from './max_dim';
import { maximum } from './maximum';
import { mean } from './mean';
import { minimum } from './minimum';
import { mul } from './mul';
import { pad } from './pad';
import { permute } from './permute';
import { pow } from './pow';
import { repeat } from './repeat';
import { reshape } from './reshape';
import { roll } from './roll';
import { select } from './select';
import { slice } from './slice';
import { split } from './split';
import { squeeze } from './squeeze';
import { stack } from './stack';
import { sub } from './sub';
import { sum } from './sum';
import { symAdd, symFloordiv, symMul, symSize, symSub } from './sym';
import { transpose } from './transpose';
import { tril, triu } from './tril';
import { unbind } from './unbind';
import { unflatten } from './unflatten';
import { abs, cos, erf, exp, log, neg, reciprocal, rsqrt, sin, sqrt } from './unary';
import { unsqueeze } from './unsqueeze';
import { variance } from './var';
import { where } from './where';

export const TENSOR_OPS: Record<string, Lowering> = {
  // Elementwise and reductions
  add, sub, mul, div, pow, maximum, minimum,
  neg, abs, exp, log, sqrt, rsqrt, reciprocal, sin, cos, erf,
  eq, ne, lt, le, gt, ge,
  logical_not: logicalNot, logical_and: logicalAnd, logical_or: logicalOr,
  where, masked_fill: maskedFill,
  sum, mean, amax, amin, var: variance, max_dim: maxDim, argmax, cast,
  // Linear algebra
  matmul, addmm, einsum,
  // Shape and indexing
  reshape, flatten, unflatten, permute, transpose, unsqueeze, squeeze, expand, repeat, cat, stack,
  split, unbind, slice, select, index, index_select: indexSelect, gather, tril, triu, roll, pad,
  // Creation
  full, full_like: fullLike, arange,
  // Glue
  identity, detach, getitem,
  sym_size: symSize, sym_add: symAdd, sym_sub: symSub, sym_mul: symMul, sym_floordiv: symFloordiv,
};
