import type { ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import {
  createCredentialsService,
  type CredentialActor,
  type CredentialsService,
} from '../secrets/credentials.server.ts';
import { keyringFromEnv } from '../secrets/master-keys.ts';

let shared: CredentialsService | undefined;

/** SIP passwords go through the one credentials service: sealed at rest, shown only as set (a fixed mask). */
export function sipCredentials(): CredentialsService {
  shared ??= createCredentialsService(db(), keyringFromEnv());
  return shared;
}

export function credentialActor(ctx: ServiceContext): CredentialActor {
  return {
    actorUserId: ctx.access.actor.id,
    actorType: ctx.access.actor.type,
    ip: ctx.client.ip,
    userAgent: ctx.client.userAgent,
  };
}

/** Credential names are unique per project; one per connection. */
export const credentialNameFor = (connectionId: string) => `sip-connection:${connectionId}`;
