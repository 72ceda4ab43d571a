import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { recordingFile } from './recording-file.server.ts';

export const recordingNotFound = () =>
  new ServiceError(404, 'recording_not_found', 'This call has no recording.');

/** The file of a call's recording in this project: 404 when there is none, or it is no longer on disk. */
export async function callRecording(projectId: string, callId: string) {
  const recording = await db().callRecording.findFirst({
    where: { callId, projectId },
    select: { path: true, callId: true },
  });
  const file = recording ? await recordingFile(recording.path) : null;
  if (!recording || !file) throw recordingNotFound();
  return { callId: recording.callId, file };
}

/** One playback of a recording, for the record (once per playback, not per byte range). */
export function auditRecordingAccess(ctx: ServiceContext, callId: string): Promise<void> {
  return auditAs(ctx, { action: 'call.recording.access', targetType: 'call', targetId: callId, diff: null });
}
