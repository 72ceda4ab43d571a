import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import type { Permission } from '../access/permissions.ts';
import { isUuid, type ProjectAccess } from '../access/project-access.server.ts';
import { requireProjectPage } from '../access/project-page.server.ts';
import { serviceContext, type ServiceContext } from '../access/service-context.ts';
import { requireUser, type SessionUser } from '../auth/session.server.ts';
import { ServiceError } from '../errors/service-error.ts';
import { invalidForm, pageFailure, serviceFailure, type PageFailure } from '../forms/form-result.ts';
import type { Missing } from './missing.ts';
import { withGuard, type Guarded } from './route-guard.ts';

/*
 * The pages' one dialect. A loader or action checks access once (sign-in redirect, 404 for a project the
 * person is not in, 403 for a role without the permission) and validates the ids in its path. A loader
 * answers a missing id or a service refusal with the status page (thrown Response); an action answers every
 * refusal in one shape, `{ok: false, code, fields}` with its 4xx status.
 */

type PageParams = LoaderFunctionArgs['params'];

export interface ProjectPageArgs<K extends string> {
  request: Request;
  params: PageParams;
  access: ProjectAccess & { projectName: string };
  /** The person (pages take people only, never API keys). */
  user: SessionUser;
  ids: Record<K, string>;
  ctx: ServiceContext;
}

export interface ProjectPageSpec<K extends string> {
  permission: Permission;
  ids?: Record<K, Missing>;
}

/** The status page for whatever is not there (or not the person's to see). */
export const pageNotFound = () => new Response('Not found', { status: 404 });

async function pageArgs<K extends string>(
  spec: ProjectPageSpec<K>,
  { request, params }: LoaderFunctionArgs | ActionFunctionArgs,
): Promise<ProjectPageArgs<K> | Missing> {
  const access = await requireProjectPage(request, params.projectId, spec.permission);
  const ids = {} as Record<K, string>;
  for (const [name, missing] of Object.entries(spec.ids ?? {}) as [K, Missing][]) {
    const value = params[name];
    if (!isUuid(value)) return missing;
    ids[name] = value;
  }
  return { request, params, access, user: access.user!, ids, ctx: serviceContext(request, access) };
}

const isMissing = (value: object): value is Missing => 'code' in value;

/** A page loader of a project: a missing id or a service refusal shows the status page. */
export function projectLoader<T, K extends string = never>(
  spec: ProjectPageSpec<K>,
  handler: (args: ProjectPageArgs<K>) => Promise<T> | T,
): Guarded<(args: LoaderFunctionArgs) => Promise<T>> {
  return withGuard(spec.permission, async (args: LoaderFunctionArgs) => {
    const resolved = await pageArgs(spec, args);
    if (isMissing(resolved)) throw pageNotFound();
    try {
      return await handler(resolved);
    } catch (e) {
      if (e instanceof ServiceError) throw new Response(e.code, { status: e.status });
      throw e;
    }
  });
}

/** Maps what an action throws to the one failure shape: ServiceError with its status, zod with 400. */
async function answerPageFailures<T>(run: () => Promise<T> | T): Promise<T | PageFailure> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ServiceError) return pageFailure(e.status, e.code, serviceFailure(e).fields);
    if (e instanceof z.ZodError) return invalidForm(e);
    throw e;
  }
}

/** A page action of a project: refusals come back as `{ok: false, code, fields}` with a 4xx status. */
export function projectAction<T, K extends string = never>(
  spec: ProjectPageSpec<K>,
  handler: (args: ProjectPageArgs<K>) => Promise<T> | T,
): Guarded<(args: ActionFunctionArgs) => Promise<T | PageFailure>> {
  return withGuard(spec.permission, async (args: ActionFunctionArgs) => {
    const resolved = await pageArgs(spec, args);
    if (isMissing(resolved)) return pageFailure(404, resolved.code);
    return answerPageFailures(() => handler(resolved));
  });
}

export interface UserPageArgs {
  request: Request;
  params: PageParams;
  user: SessionUser;
}

/** A page for the signed-in person outside any project (the project picker); else sign-in. */
export function userLoader<T>(
  handler: (args: UserPageArgs) => Promise<T> | T,
): Guarded<(args: LoaderFunctionArgs) => Promise<T>> {
  return withGuard('signed-in', async ({ request, params }: LoaderFunctionArgs) =>
    handler({ request, params, user: await requireUser(request) }),
  );
}

export function userAction<T>(
  handler: (args: UserPageArgs) => Promise<T> | T,
): Guarded<(args: ActionFunctionArgs) => Promise<T | PageFailure>> {
  return withGuard('signed-in', async ({ request, params }: ActionFunctionArgs) => {
    const user = await requireUser(request);
    return answerPageFailures(() => handler({ request, params, user }));
  });
}

/** A public page action (sign-in, invite links): the same failure shape as every other page. */
export function publicAction<T>(
  handler: (args: ActionFunctionArgs) => Promise<T> | T,
): Guarded<(args: ActionFunctionArgs) => Promise<T | PageFailure>> {
  return withGuard('public', async (args: ActionFunctionArgs) => answerPageFailures(() => handler(args)));
}
