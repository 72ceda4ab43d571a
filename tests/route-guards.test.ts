import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '#server/access/permissions.ts';

const routesDir = resolve(import.meta.dirname, '../app/routes');
const routeFiles = readdirSync(routesDir).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
const serves = (source: string) =>
  /export\s+(async\s+)?function\s+(loader|action)\b|export\s+const\s+(loader|action)\b/.test(source);
const declared = (source: string) => /export const guard: RouteGuard = '([^']+)';/.exec(source)?.[1];
/** A route whose action needs more than its loader declares the action's permission apart. */
const declaredForAction = (source: string) =>
  /export const actionGuard: RouteGuard = '([^']+)';/.exec(source)?.[1];
const PROJECT_CHECK = /\b(requireProjectPermission|requireProjectPage)\(/;

describe('every route declares and enforces its guard', () => {
  it.each(routeFiles)('%s', (file) => {
    const source = readFileSync(join(routesDir, file), 'utf8');
    if (!serves(source)) return;
    const guard = declared(source);
    expect(
      guard,
      `${file} has a loader or action but no \`export const guard: RouteGuard = ...\``,
    ).toBeDefined();
    if (guard === 'public') return;
    if (guard === 'signed-in') {
      expect(source, `${file} declares signed-in but never checks the user`).toMatch(
        /\b(requireUser|requireApiUser|getUser)\(/,
      );
      return;
    }
    for (const permission of [guard, declaredForAction(source)].filter((p) => p !== undefined)) {
      expect(PERMISSIONS, `${file} declares an unknown permission "${permission}"`).toContain(permission);
      expect(source, `${file} declares ${permission} but does not check it`).toContain(`'${permission}')`);
    }
    expect(source).toMatch(PROJECT_CHECK);
  });

  it('knows which routes are public, so a new public route is a visible decision', () => {
    const publicRoutes = routeFiles
      .filter((f) => declared(readFileSync(join(routesDir, f), 'utf8')) === 'public')
      .sort();
    expect(publicRoutes).toEqual([
      '$.tsx',
      '_index.tsx',
      'api.v1.$.ts',
      'api.v1.auth.login.ts',
      'api.v1.auth.logout.ts',
      'api.v1.auth.refresh.ts',
      'api.v1.invitations.accept.ts',
      'api.v1.openapi[.json].ts',
      'auth.logout.tsx',
      'auth.refresh.tsx',
      'invite.$token.tsx',
      'login.tsx',
      'set-locale.tsx',
    ]);
  });
});
