// The catalog is shared with the screens (app/lib); the server layer re-exports it for media server and workers.
export * from '../../lib/providers/provider-catalog.ts';
