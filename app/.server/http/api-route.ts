import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import type { z } from 'zod';
import type { Permission } from '../access/permissions.ts';
import {
  isUuid,
  requireApiUser,
  requireProjectPermission,
  type ProjectAccess,
} from '../access/project-access.server.ts';
import { serviceContext, type ServiceContext } from '../access/service-context.ts';
import {
  apiError,
  DEFAULT_JSON_BODY_BYTES,
  parseJsonBody,
  queryParams,
  validationError,
} from '../api/api-error.ts';
import type { SessionUser } from '../auth/session.server.ts';
import { answerServiceErrors } from '../errors/service-error.ts';
import type { Missing } from './missing.ts';
import { withGuard, type Guarded } from './route-guard.ts';

/*
 * The API routes' one dialect: access checked once (the permission is declared in the wrapper call and
 * carried on the handler for the guard tests), ids in the path validated (404 with the route's code),
 * ServiceErrors answered as `{error: {code, message, fields}}`, other methods answered 405.
 */

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type RouteArgs = LoaderFunctionArgs | ActionFunctionArgs;

export interface ProjectApiArgs<K extends string> {
  request: Request;
  access: ProjectAccess;
  /** The path ids the route declared, each checked to be a uuid. */
  ids: Record<K, string>;
  /** For service calls that change something: who, from where (audit). */
  ctx: ServiceContext;
}

export interface ProjectApiSpec<K extends string> {
  permission: Permission;
  /** Path parameters that are ids, with what a missing one answers. */
  ids?: Record<K, Missing>;
}

type ApiHandler<A> = (args: A) => Promise<Response> | Response;

async function projectArgs<K extends string>(
  spec: ProjectApiSpec<K>,
  { request, params }: RouteArgs,
): Promise<ProjectApiArgs<K> | Response> {
  const access = await requireProjectPermission(request, params.projectId, spec.permission);
  const ids = {} as Record<K, string>;
  for (const [name, missing] of Object.entries(spec.ids ?? {}) as [K, Missing][]) {
    const value = params[name];
    if (!isUuid(value)) return apiError(404, missing.code, missing.message);
    ids[name] = value;
  }
  return { request, access, ids, ctx: serviceContext(request, access) };
}

const methodNotAllowed = (methods: string[]) =>
  apiError(405, 'method_not_allowed', `Use ${methods.join(' or ')}.`);

/** GET of a project resource. */
export function projectApiLoader<K extends string = never>(
  spec: ProjectApiSpec<K>,
  handler: ApiHandler<ProjectApiArgs<K>>,
): Guarded<(args: LoaderFunctionArgs) => Promise<Response>> {
  return withGuard(spec.permission, async (args: LoaderFunctionArgs) => {
    const resolved = await projectArgs(spec, args);
    if (resolved instanceof Response) return resolved;
    return answerServiceErrors(async () => handler(resolved));
  });
}

/** The changing methods of a project resource, one handler each; any other method answers 405. */
export function projectApiAction<K extends string = never>(
  spec: ProjectApiSpec<K>,
  methods: Partial<Record<Method, ApiHandler<ProjectApiArgs<K>>>>,
): Guarded<(args: ActionFunctionArgs) => Promise<Response>> {
  return withGuard(spec.permission, async (args: ActionFunctionArgs) => {
    const resolved = await projectArgs(spec, args);
    if (resolved instanceof Response) return resolved;
    const handler = methods[args.request.method as Method];
    if (!handler) return methodNotAllowed(Object.keys(methods));
    return answerServiceErrors(async () => handler(resolved));
  });
}

export interface UserApiArgs {
  request: Request;
  user: SessionUser;
}

/** GET for the signed-in person (API keys are refused with 403: they act inside their project only). */
export function userApiLoader(
  handler: ApiHandler<UserApiArgs>,
): Guarded<(args: LoaderFunctionArgs) => Promise<Response>> {
  return withGuard('signed-in', async ({ request }: LoaderFunctionArgs) => {
    const user = await requireApiUser(request);
    return answerServiceErrors(async () => handler({ request, user }));
  });
}

export function userApiAction(
  methods: Partial<Record<Method, ApiHandler<UserApiArgs>>>,
): Guarded<(args: ActionFunctionArgs) => Promise<Response>> {
  return withGuard('signed-in', async ({ request }: ActionFunctionArgs) => {
    const user = await requireApiUser(request);
    const handler = methods[request.method as Method];
    if (!handler) return methodNotAllowed(Object.keys(methods));
    return answerServiceErrors(async () => handler({ request, user }));
  });
}

/**
 * The JSON body read with a schema (64 KB unless said otherwise); a body that is too large, malformed,
 * unstorable or invalid is thrown as its 4xx answer, which Remix sends as it is.
 */
export async function jsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_JSON_BODY_BYTES,
): Promise<z.infer<S>> {
  const parsed = await parseJsonBody(request, schema, maxBytes);
  if (!parsed.ok) throw parsed.response;
  return parsed.data;
}

/** The query string read with a schema; invalid or unstorable parameters are thrown as a 400. */
export function queryInput<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
