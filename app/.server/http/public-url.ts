import { z } from 'zod';
import { webEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';

const publicUrlEnv = z.object({ PUBLIC_URL: webEnv.shape.PUBLIC_URL });

/**
 * An absolute link to a path of this app, on PUBLIC_URL: links we hand out (invitations) never take their
 * origin from the request's Host header, which a client or a misconfigured proxy chooses.
 */
export function publicUrl(path: string): string {
  return new URL(path, parseEnv(publicUrlEnv, 'web').PUBLIC_URL).toString();
}
