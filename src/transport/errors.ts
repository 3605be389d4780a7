/**
 * The one error class of the transport room: anything wrong with bytes on the wire
 * (a malformed Arrow stream, a broken chunk sequence) surfaces as a `TransportError`
 * whose message says what was expected and what arrived.
 */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
    // Keep `instanceof` working when TypeScript compiles classes to ES5-style functions.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
