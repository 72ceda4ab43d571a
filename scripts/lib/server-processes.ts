import { MEDIA_SERVER_NODE_FLAGS } from './node-flags.ts';

/**
 * The server processes: their TypeScript entry (run through tsx by `npm run dev`, the demo and the tests)
 * and the compiled bundle `npm run build` writes (run by `npm start`), with extra node flags.
 * scripts/build-server.ts, scripts/lib/processes.ts (the supervisor's specs) and the start-up bench read it.
 */
export interface ServerProcess {
  name: 'web' | 'workers' | 'media-server';
  entry: string;
  compiled: string;
  flags?: string[];
}

export const SERVER_PROCESSES: readonly ServerProcess[] = [
  { name: 'web', entry: 'app/.server/processes/web.ts', compiled: 'dist/server/web.js' },
  { name: 'workers', entry: 'workers/main.ts', compiled: 'dist/server/workers.js' },
  {
    name: 'media-server',
    entry: 'media-server/src/main.ts',
    compiled: 'dist/server/media-server.js',
    flags: MEDIA_SERVER_NODE_FLAGS,
  },
];
