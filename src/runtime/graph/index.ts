/**
 * graph — IR documents compiled to tfjs functions with taps (docs/ir.md).
 *
 * 1. `parseIR` checks a document; 2. `compileGraph` checks ops and uploads weights;
 * 3. `forward` / `gradient` run it, reading and differentiating any tap; `trace` + `backward`
 *    run a reverse pass whose per-node rules a method may replace (modified gradients).
 */
export { CompiledGraph, compileGraph } from './compile';
export type { CompileOptions, GradientOptions, GradientResult, Objective, RunOptions, RunResult, Trace } from './compile';
export { backward } from './backward';
export { resolveNode } from './execute';
export type { BackwardOptions, BackwardRule, Cotangent, RuleContext } from './backward';
export { GraphError, UnsupportedOpError } from './errors';
export { IR_FORMAT, IR_VERSION, parseIR, refsOf } from './ir';
export type { IRGraph, IRNode, IRValueSpec, IRWeightSpec } from './ir';
