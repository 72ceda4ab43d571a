import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { fieldErrors } from '#server/api/api-error.ts';
import type { Logger } from '#server/logger.ts';
import { isCallControl, TOKEN_REQUIRED_MESSAGE, turnAccess, type TurnAccess } from './turn-auth.ts';
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

/** Call control (ending a call, an operator joining) needs the token whatever the peer. */
class TokenRequiredError extends Error {}

/**
 * HTTP front end of the turn API (for jambonz action hooks and other media servers):
 *   POST   /turn/v1/calls                   {callId?, flow, caller?}  -> {callId, commands, trace}
 *   POST   /turn/v1/calls/:callId/events    <call event>              -> {callId, commands, trace}
 *   DELETE /turn/v1/calls/:callId                                     -> {callId, commands, trace}
 * Ending a call (DELETE, a call_ended event) and operator_joined always need TURN_SERVICE_TOKEN.
 */
export function turnHttpRouter(service: TurnService, token: string | undefined, logger: Logger): Router {
  const router = express.Router();
  const access = new WeakMap<Request, TurnAccess>();
  router.use((req, res, next) => {
    const granted = turnAccess(req, token);
    if (granted === 'none')
      return sendError(res, 401, 'unauthenticated', 'Send Authorization: Bearer <TURN_SERVICE_TOKEN>.');
    access.set(req, granted);
    next();
  });
  const controlling = (req: Request) => {
    if (access.get(req) !== 'token') throw new TokenRequiredError();
  };
  router.use(express.json({ limit: '512kb' }));

  const run = (work: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      res.json(await work(req));
    } catch (error) {
      if (error instanceof z.ZodError)
        return sendError(res, 400, 'validation_failed', 'Some fields are invalid.', fieldErrors(error));
      if (error instanceof TokenRequiredError)
        return sendError(res, 401, 'token_required', TOKEN_REQUIRED_MESSAGE);
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
    run((req) => {
      const { callId } = callParams.parse(req.params);
      const event = eventBody.parse(req.body);
      if (isCallControl(event)) controlling(req);
      return service.event(callId, event);
    }),
  );
  router.delete(
    '/calls/:callId',
    run((req) => {
      const { callId } = callParams.parse(req.params);
      controlling(req);
      return service.end(callId);
    }),
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
