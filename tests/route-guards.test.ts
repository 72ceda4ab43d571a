import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '#server/access/permissions.ts';
import { loadRoute, routeFiles, type LoadedRoute } from './support/route-modules.ts';

// Every route module is imported once; the guards are what its handlers carry, not text in its source.
const routes = new Map<string, LoadedRoute>();
beforeAll(async () => {
  for (const file of routeFiles) routes.set(file, await loadRoute(file));
}, 120_000);

describe('every route declares its guard where it checks it', () => {
  it.each(routeFiles)('%s', (file) => {
    const route = routes.get(file)!;
    for (const kind of ['loader', 'action'] as const) {
      if (!route[kind]) continue;
      const guard = route.guards[kind];
      expect(
        guard,
        `${file}: its ${kind} is not made by a guard wrapper (projectLoader, projectApiLoader, userLoader, publicRoute…)`,
      ).toBeDefined();
      if (guard === 'public' || guard === 'signed-in') continue;
      expect(PERMISSIONS, `${file} declares an unknown permission "${guard}"`).toContain(guard);
    }
  });

  it('project routes take a permission, and only project routes do', () => {
    const wrong: string[] = [];
    for (const [file, route] of routes) {
      const guards = Object.values(route.guards);
      const scoped = file.includes('$projectId');
      for (const guard of guards) {
        const permission = guard !== 'public' && guard !== 'signed-in';
        if (permission !== scoped) wrong.push(`${file}: ${guard}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('knows which routes are public, so a new public route is a visible decision', () => {
    const publicRoutes = [...routes.values()]
      .filter((r) => Object.values(r.guards).includes('public'))
      .map((r) => r.file)
      .sort();
    expect(publicRoutes).toEqual([
      '$.tsx',
      '_index.tsx',
      'api.v1.$.ts',
      'api.v1.auth.login.ts',
      'api.v1.auth.logout.ts',
      'api.v1.auth.refresh.ts',
      'api.v1.invitations.accept.ts',
      // Messaging providers' callbacks: the token in the path and the provider's signature authenticate (issue 22).
      'api.v1.messaging.inbound.$token.ts',
      'api.v1.openapi[.json].ts',
      'auth.logout.tsx',
      'auth.refresh.tsx',
      'invite.$token.tsx',
      'login.tsx',
      // A call's recording for a CRM that fetches it (Bitrix24, amoCRM): the signed, expiring token is the proof.
      'recordings.$token.call[.]wav.ts',
      'set-locale.tsx',
      // First-run sign-up: only while the installation has no user (issue 17).
      'setup.tsx',
    ]);
  });
});
