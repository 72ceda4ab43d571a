/**
 * What a media server needs of a connection to register and place calls, password opened. Media servers
 * serve every project, so these loaders are not scoped by a caller's project: they never answer a request.
 */
import { db } from '../db.ts';
import { callerIdRulesInput, type CallerIdRules } from './sip-connection-input.ts';
import { sipCredentials } from './sip-credentials.server.ts';

export interface SipConnectionConfig {
  id: string;
  projectId: string;
  name: string;
  enabled: boolean;
  authMode: 'registration' | 'ip';
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  username: string;
  authUsername: string;
  password: string;
  outboundProxy: string;
  registerExpires: number;
  codecs: ('PCMA' | 'PCMU')[];
  callerIdRules: CallerIdRules;
  maxConcurrentCalls: number;
}

type Row = Awaited<ReturnType<ReturnType<typeof db>['sipConnection']['findMany']>>[number];

async function toConfig(row: Row): Promise<SipConnectionConfig> {
  const password = row.credentialId
    ? ((await sipCredentials().reveal(row.projectId, row.credentialId)) ?? '')
    : '';
  const rules = callerIdRulesInput.safeParse(row.callerIdRules);
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    enabled: row.enabled,
    authMode: row.authMode === 'ip' ? 'ip' : 'registration',
    host: row.host,
    port: row.port,
    transport: row.transport === 'tcp' ? 'tcp' : 'udp',
    username: row.username,
    authUsername: row.authUsername,
    password,
    outboundProxy: row.outboundProxy,
    registerExpires: row.registerExpires,
    codecs: row.codecs.filter((c): c is 'PCMA' | 'PCMU' => c === 'PCMA' || c === 'PCMU'),
    callerIdRules: rules.success ? rules.data : { defaultCallerId: '', format: 'e164' },
    maxConcurrentCalls: row.maxConcurrentCalls,
  };
}

export async function loadConnectionConfig(id: string): Promise<SipConnectionConfig | null> {
  const row = await db().sipConnection.findUnique({ where: { id } });
  return row ? toConfig(row) : null;
}

/** Every connection; one whose password cannot be opened is left out (and named in `failed`). */
export async function loadAllConnectionConfigs(
  failed: (id: string, error: unknown) => void = () => undefined,
): Promise<SipConnectionConfig[]> {
  const rows = await db().sipConnection.findMany({ orderBy: { createdAt: 'asc' } });
  const settled = await Promise.allSettled(rows.map(toConfig));
  return settled.flatMap((result, i) => {
    if (result.status === 'fulfilled') return [result.value];
    failed(rows[i]!.id, result.reason);
    return [];
  });
}

/**
 * The connection a call of `projectId` places its outbound legs through (a warm transfer to a number): the
 * one the call itself came or went through when it is still enabled, else the project's oldest enabled one.
 * Null when the project has none, so the transfer takes its `failed` port.
 */
export async function loadOutboundConnection(
  projectId: string,
  preferredId?: string,
): Promise<SipConnectionConfig | null> {
  const row =
    (preferredId
      ? await db().sipConnection.findFirst({ where: { id: preferredId, projectId, enabled: true } })
      : null) ??
    (await db().sipConnection.findFirst({
      where: { projectId, enabled: true },
      orderBy: { createdAt: 'asc' },
    }));
  return row ? toConfig(row) : null;
}
