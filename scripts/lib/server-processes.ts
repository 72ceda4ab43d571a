/**
 * The server processes: their TypeScript entry (run through tsx by `npm run dev` and the demo) and the
 * compiled bundle `npm run build` writes (run by `npm start`). scripts/build-server.ts and scripts/start.ts
 * read this table.
 */
export interface ServerProcess {
  name: 'web' | 'workers' | 'media-server';
  entry: string;
  compiled: string;
}

export const SERVER_PROCESSES: readonly ServerProcess[] = [
  { name: 'web', entry: 'app/.server/processes/web.ts', compiled: 'dist/server/web.js' },
  { name: 'workers', entry: 'workers/main.ts', compiled: 'dist/server/workers.js' },
  { name: 'media-server', entry: 'media-server/src/main.ts', compiled: 'dist/server/media-server.js' },
];
