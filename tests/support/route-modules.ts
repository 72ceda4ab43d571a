// The app's route modules, imported as Remix would load them, with the guards their loaders and actions
// carry (set by the wrappers in app/.server/http: the permission is declared once, where it is checked).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RouteGuard } from '#server/access/permissions.ts';
import { guardOf } from '#server/http/route-guard.ts';

export const routesDir = resolve(import.meta.dirname, '../../app/routes');
export const routeFiles = readdirSync(routesDir)
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
  .sort();

export interface LoadedRoute {
  file: string;
  loader?: unknown;
  action?: unknown;
  /** The guard of each handler the module serves; undefined when a handler was not made by a wrapper. */
  guards: { loader?: RouteGuard; action?: RouteGuard };
}

export async function loadRoute(file: string): Promise<LoadedRoute> {
  const mod = (await import(join(routesDir, file))) as { loader?: unknown; action?: unknown };
  const guards: LoadedRoute['guards'] = {};
  if (mod.loader) guards.loader = guardOf(mod.loader);
  if (mod.action) guards.action = guardOf(mod.action);
  return { file, loader: mod.loader, action: mod.action, guards };
}
