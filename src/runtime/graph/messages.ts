/** Every user-facing text of the graph compiler. */

export const notIR = (): string => 'not a netlens IR document (format is not "netlens.ir")';

export const irVersion = (got: unknown, supported: number): string =>
  `IR version ${String(got)} is not supported by this netlens front end (it reads version ${supported}); ` +
  'install matching versions of the Python package and the JupyterLab extension';

export const irField = (key: string): string => `IR document has no "${key}" list`;

export const duplicateName = (name: string): string => `name ${name} is defined twice`;

export const unknownRef = (where: string, ref: string): string => `${where} reads ${ref}, which is not defined before it`;

export const badIR = (problems: string[]): string =>
  `malformed IR (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.slice(0, 5).join('; ')}` +
  (problems.length > 5 ? `; … ${problems.length - 5} more` : '');

export const unsupportedOps = (items: string[]): string =>
  `this model uses op${items.length === 1 ? '' : 's'} the browser cannot run: ${items.join(', ')}. ` +
  'Run it in the kernel with PyTorch instead: compute="kernel".';

export const missingWeight = (name: string, target: string): string =>
  `weight ${name} (${target}) did not arrive with the model's weights`;

export const weightShape = (name: string, want: number[], got: number[]): string =>
  `weight ${name} has shape [${got.join(', ')}], the graph expects [${want.join(', ')}]`;

export const inputCount = (want: string[], got: number): string =>
  `the model takes ${want.length} input${want.length === 1 ? '' : 's'} (${want.join(', ')}), got ${got}`;

export const inputShape = (name: string, want: (number | string)[], got: number[]): string =>
  `input ${name} has shape [${got.join(', ')}], the model was exported for [${want.join(', ')}]` +
  ' (only dimensions named by a symbol such as "batch" may vary)';

export const symbolMismatch = (symbol: string, a: number, b: number): string =>
  `inputs disagree on dimension "${symbol}": ${a} and ${b}`;

export const opFailed = (op: string, node: string, module: string, moduleType: string, detail: string): string =>
  `${op} at ${module === '' ? '(root)' : module}${moduleType ? ` (${moduleType})` : ''}, node ${node}: ${detail}`;

export const unknownTap = (name: string, suggestions: string[]): string =>
  `no node, input or module named "${name}"` + (suggestions.length > 0 ? `; did you mean ${suggestions.map(s => `"${s}"`).join(', ')}?` : '');

export const tapNotTensor = (name: string): string => `tap "${name}" is not a tensor (it is a symbolic size or a tuple)`;

export const notScalar = (shape: number[]): string =>
  `the objective must be a scalar, got shape [${shape.join(', ')}] (sum or index it first)`;

export const disposed = (): string => 'this compiled graph was disposed';

export const unknownWeight = (name: string): string => `the model has no weight named ${name}`;

export const atCount = (wrt: number, at: number): string =>
  `gradient: ${at} value${at === 1 ? '' : 's'} given in "at" for ${wrt} "wrt" ref${wrt === 1 ? '' : 's'}`;

export const backwardTo = (ref: string): string =>
  `the backward pass never reached ${ref}: the objective does not depend on it`;
