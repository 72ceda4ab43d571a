/**
 * The one place the runtime imports the embedded NLU from, so the runtime and its tests agree on a single
 * implementation.
 */
export * from './testing/nlu-stub';
