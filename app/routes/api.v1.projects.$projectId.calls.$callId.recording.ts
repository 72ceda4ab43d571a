import { auditRecordingAccess, callRecording } from '~/.server/calls/call-recording.server';
import { fileStream, parseRange } from '~/.server/calls/recording-file.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/**
 * The call's stereo WAV, with HTTP range requests (players seek by asking for byte ranges). Each playback
 * is audited once: on the request that starts at the beginning of the file.
 */
export const loader = projectApiLoader(
  { permission: 'calls.recordings', ids: { callId: MISSING.recording } },
  async ({ request, access, ctx, ids }) => {
    const { callId, file } = await callRecording(access.projectId, ids.callId);
    const range = parseRange(request.headers.get('range'), file.size);
    if (range === 'unsatisfiable')
      return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${file.size}` } });
    if (!range || range.start === 0) await auditRecordingAccess(ctx, callId);
    const headers: Record<string, string> = {
      'Content-Type': 'audio/wav',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, no-store',
      'Content-Length': String(range ? range.end - range.start + 1 : file.size),
    };
    if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${file.size}`;
    return new Response(fileStream(file.path, range), { status: range ? 206 : 200, headers });
  },
);
