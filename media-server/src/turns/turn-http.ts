import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { fieldErrors } from '../../../app/.server/api/api-error.ts';
import type { Logger } from '../../../app/.server/logger.ts';
import { turnRequestAllowed } from './turn-auth.ts';
import { callId, eventBody, startBody } from './turn-messages.ts';
import { toServiceError, type TurnService } from './turn-service.ts';

// A bad call id in the path is a field error named `callId`, like one in a body.
const callParams = z.object({ callId });

function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string[]>,
) {
  res.status(status).json({ error: { code, message, ...(fields ? { fields } : {}) } });
}

/**
 * HTTP front end of the turn API (for jambonz action hooks and other media servers):
 *   POST   /turn/v1/calls                   {callId?, flow, caller?}  -> {callId, commands, trace}
 *   POST   /turn/v1/calls/:callId/events    <call event>              -> {callId, commands, trace}
 *   DELETE /turn/v1/calls/:callId                                     -> {callId, commands, trace}
 */
export function turnHttpRouter(service: TurnService, token: string | undefined, logger: Logger): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    if (!turnRequestAllowed(req, token))
      return sendError(res, 401, 'unauthenticated', 'Send Authorization: Bearer <TURN_SERVICE_TOKEN>.');
    next();
  });
  router.use(express.json({ limit: '512kb' }));

  const run = (work: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      res.json(await work(req));
    } catch (error) {
      if (error instanceof z.ZodError)
        return sendError(res, 400, 'validation_failed', 'Some fields are invalid.', fieldErrors(error));
      const e = toServiceError(error);
      if (e.status >= 500) logger.error({ err: error, callId: req.params.callId }, 'turn failed');
      sendError(res, e.status, e.code, e.message, e.fields);
    }
  };

  router.post(
    '/calls',
    run((req) => service.start(startBody.parse(req.body), null)),
  );
  router.post(
    '/calls/:callId/events',
    run((req) => service.event(callParams.parse(req.params).callId, eventBody.parse(req.body))),
  );
  router.delete(
    '/calls/:callId',
    run((req) => service.end(callParams.parse(req.params).callId)),
  );
  router.use((_req, res) => sendError(res, 404, 'not_found', 'No such turn API route.'));
  // Malformed JSON bodies arrive here from express.json.
  router.use((err: Error & { type?: string }, _req: Request, res: Response, next: (e?: unknown) => void) => {
    if (err.type === 'entity.parse.failed')
      return sendError(res, 400, 'malformed_json', 'The body is not valid JSON.');
    if (err.type === 'entity.too.large')
      return sendError(res, 413, 'body_too_large', 'The body is over 512 kB.');
    next(err);
  });
  return router;
}
