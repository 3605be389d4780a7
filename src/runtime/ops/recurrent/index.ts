import type { Lowering } from '../types';
import { gru } from './gru';
import { lstm } from './lstm';
import { scaledDotProductAttention } from './scaled_dot_product_attention';

export const RECURRENT_OPS: Record<string, Lowering> = {
  lstm,
  gru,
  scaled_dot_product_attention: scaledDotProductAttention,
};
