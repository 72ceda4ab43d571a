import type { LoaderFunctionArgs } from '@remix-run/node';
import { appendAudit } from '~/.server/audit/audit-log.server';
import { callRecording } from '~/.server/calls/call-recording.server';
import { fileStream, parseRange } from '~/.server/calls/recording-file.server';
import { clientInfo } from '~/.server/auth/client-info.server';
import { db } from '~/.server/db';
import { ServiceError } from '~/.server/errors/service-error';
import { publicRoute } from '~/.server/http/route-guard';
import { openRecordingLink } from '~/.server/integrations/recording-link.server';

/**
 * A call's recording by a signed, expiring link (recording-link.server.ts), for a CRM that fetches it with
 * no session of ours: Bitrix24's attachRecord, amoCRM's player. A forged or expired link is a plain 404, as
 * is a recording deleted since. Each fetch from the start of the file is audited, by the system.
 */
export const loader = publicRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const opened = await openRecordingLink(params.token ?? '');
  const notFound = () => new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  if (!opened) return notFound();
  let found;
  try {
    found = await callRecording(opened.projectId, opened.callId);
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) return notFound();
    throw e;
  }
  const { file, callId } = found;
  const range = parseRange(request.headers.get('range'), file.size);
  if (range === 'unsatisfiable')
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${file.size}` } });
  if (!range || range.start === 0) {
    const client = clientInfo(request);
    await appendAudit(db(), {
      projectId: opened.projectId,
      actorType: 'system',
      action: 'call.recording.link_access',
      targetType: 'call',
      targetId: callId,
      ip: client.ip,
      userAgent: client.userAgent,
    });
  }
  const headers: Record<string, string> = {
    'Content-Type': 'audio/wav',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, no-store',
    'Content-Length': String(range ? range.end - range.start + 1 : file.size),
  };
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${file.size}`;
  return new Response(fileStream(file.path, range), { status: range ? 206 : 200, headers });
});
