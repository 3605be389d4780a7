/**
 * IR version 1 as TypeScript types, and the checks a document passes before compiling
 * (docs/ir.md is the specification; python-shim/netlens/bridge writes it).
 */
import { GraphError } from './errors';
import * as msg from './messages';

export const IR_FORMAT = 'netlens.ir';
export const IR_VERSION = 1;

/** Element types of IR values (PyTorch int64 travels as int32, float64 as float32). */
export type IRDType = 'float32' | 'int32' | 'bool' | 'int';

/** A dimension: a size, or a symbol / expression of symbols such as "batch" or "2*batch". */
export type IRDim = number | string;

/** A non-finite number, spelled as JSON can carry it. */
export interface IRFloat {
  float: 'inf' | '-inf' | 'nan';
}
/** A symbolic int computed by a `sym_*` node. */
export interface IRRef {
  ref: string;
}
export type IRArg = string | number | boolean | null | IRFloat | IRArg[];
export type IRAttr = number | boolean | string | null | IRFloat | IRRef | IRAttr[] | { [key: string]: IRAttr };

export interface IRValueSpec {
  name: string;
  shape: IRDim[];
  dtype: IRDType;
}

export interface IRWeightSpec extends IRValueSpec {
  /** The PyTorch name: a state_dict key or a constant's name, e.g. "layer1.0.conv1.weight". */
  target: string;
}

export interface IRNode {
  name: string;
  op: string;
  inputs: IRArg[];
  attrs: Record<string, IRAttr>;
  /** Path of the innermost module whose forward produced the node ("" = root). */
  module: string;
  module_type: string;
  shape: IRDim[] | IRDim[][] | null;
  dtype: IRDType | IRDType[] | null;
}

export interface IRModule {
  type: string;
  /** Refs the module's forward returned. */
  outputs: string[];
}

export interface IRGraph {
  format: typeof IR_FORMAT;
  version: number;
  producer?: Record<string, string>;
  inputs: IRValueSpec[];
  weights: IRWeightSpec[];
  nodes: IRNode[];
  outputs: string[];
  modules: Record<string, IRModule>;
  symbols: Record<string, { example: number; min?: number | null; max?: number | null }>;
}

/**
 * Parses and checks an IR document: format and version, unique names, and every ref naming an
 * input, a weight or an earlier node. Throws GraphError listing what is wrong.
 *
 * @example
 * const ir = parseIR(JSON.parse(model.get('ir')));
 * ir.nodes.length; // 57
 */
export function parseIR(doc: unknown): IRGraph {
  if (typeof doc === 'string') doc = JSON.parse(doc);
  const ir = doc as Partial<IRGraph>;
  if (ir === null || typeof ir !== 'object' || ir.format !== IR_FORMAT) {
    throw new GraphError(msg.notIR());
  }
  if (ir.version !== IR_VERSION) {
    throw new GraphError(msg.irVersion(ir.version, IR_VERSION));
  }
  for (const key of ['inputs', 'weights', 'nodes', 'outputs'] as const) {
    if (!Array.isArray(ir[key])) throw new GraphError(msg.irField(key));
  }
  const graph = { modules: {}, symbols: {}, ...ir } as IRGraph;
  const known = new Set<string>();
  const problems: string[] = [];
  const declare = (name: string) => {
    if (known.has(name)) problems.push(msg.duplicateName(name));
    known.add(name);
  };
  graph.inputs.forEach(v => declare(v.name));
  graph.weights.forEach(v => declare(v.name));
  for (const node of graph.nodes) {
    for (const ref of refsOf(node)) {
      if (!known.has(ref)) problems.push(msg.unknownRef(node.name, ref));
    }
    declare(node.name);
  }
  graph.outputs.forEach(ref => {
    if (!known.has(ref)) problems.push(msg.unknownRef('outputs', ref));
  });
  if (problems.length > 0) throw new GraphError(msg.badIR(problems));
  return graph;
}

/** Every ref a node reads: tensor inputs and `{"ref"}` attributes. */
export function refsOf(node: IRNode): string[] {
  const out: string[] = [];
  const walkArg = (a: IRArg): void => {
    if (typeof a === 'string') out.push(a);
    else if (Array.isArray(a)) a.forEach(walkArg);
  };
  const walkAttr = (a: IRAttr): void => {
    if (Array.isArray(a)) a.forEach(walkAttr);
    else if (a !== null && typeof a === 'object') {
      if ('ref' in a && typeof a.ref === 'string') out.push(a.ref);
      else Object.values(a).forEach(v => walkAttr(v as IRAttr));
    }
  };
  node.inputs.forEach(walkArg);
  Object.values(node.attrs ?? {}).forEach(walkAttr);
  return out;
}

/** A JSON number or its non-finite spelling as a JS number; anything else unchanged. */
export function decodeFloat(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'float' in v) {
    const f = (v as IRFloat).float;
    return f === 'inf' ? Infinity : f === '-inf' ? -Infinity : NaN;
  }
  return v;
}
