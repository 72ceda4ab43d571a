// Building blocks of the answers the API documents (api/operations/*): what JSON makes of our values.
import { z } from 'zod';

/** A Date after Response.json: an ISO 8601 string. */
export const isoDateTime = z.iso.datetime({ offset: true });

/** Every API error has this one shape (see apiError). */
export const apiErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable and translatable, e.g. validation_failed, rate_limited'),
      message: z.string(),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .describe('Field path → messages, when fields were refused'),
    }),
  })
  .meta({ id: 'Error' });
