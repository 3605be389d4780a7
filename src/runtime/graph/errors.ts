/** Errors of the graph compiler, each a message a user can act on. */

/** A malformed IR document, inputs that do not fit it, or a failure inside an op. */
export class GraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphError';
  }
}

/** Ops the browser cannot run; the message names each op and module and offers the kernel path. */
export class UnsupportedOpError extends GraphError {
  constructor(
    message: string,
    readonly ops: { op: string; module: string; moduleType: string; node: string }[]
  ) {
    super(message);
    this.name = 'UnsupportedOpError';
  }
}
