import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext, auditAs } from '~/.server/access/service-context';
import { apiError } from '~/.server/api/api-error';
import { fileStream, parseRange, recordingFile } from '~/.server/calls/recording-file.server';
import { db } from '~/.server/db';

export const guard: RouteGuard = 'calls.recordings';

const missing = () => apiError(404, 'recording_not_found', 'This call has no recording.');

/**
 * Guard: calls.recordings. The call's stereo WAV, with HTTP range requests (players seek by asking for
 * byte ranges). Each playback is audited once: on the request that starts at the beginning of the file.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'calls.recordings');
  if (!isUuid(params.callId)) return missing();
  const recording = await db().callRecording.findFirst({
    where: { callId: params.callId, projectId: access.projectId },
    select: { path: true, callId: true },
  });
  const file = recording ? await recordingFile(recording.path) : null;
  if (!recording || !file) return missing();
  const range = parseRange(request.headers.get('range'), file.size);
  if (range === 'unsatisfiable')
    return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${file.size}` } });
  if (!range || range.start === 0) {
    await auditAs(serviceContext(request, access), {
      action: 'call.recording.access',
      targetType: 'call',
      targetId: recording.callId,
      diff: null,
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
}
