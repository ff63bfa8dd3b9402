/** Compile-time exhaustiveness for discriminated unions; throws if reached at runtime anyway. */
export function assertNever(value: never, context = 'value'): never {
  throw new Error(`Unexpected ${context}: ${JSON.stringify(value)}`);
}
