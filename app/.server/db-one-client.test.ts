// One Prisma client per process: the web process, the media server and the workers all use db(); none of
// their code builds a client of its own (a second pool would double the connections a process holds).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(resolve(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });

describe('one Prisma client per process', () => {
  it('only app/.server/db.ts creates a client in app/, media-server/src and workers/', () => {
    const creators = ['app', 'media-server/src', 'workers']
      .flatMap(sources)
      .filter((path) => path !== 'app/.server/db.ts')
      .filter((path) => /\bcreateDb\(|new PrismaClient\b/.test(readFileSync(resolve(root, path), 'utf8')));
    expect(creators).toEqual([]);
  });
});
