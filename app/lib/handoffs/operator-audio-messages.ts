/**
 * The operator's audio on the media server's `/voice/v1/operator?ticket=…` (issue 20): the same protocol as
 * a browser test call (16 kHz mono PCM, signed 16-bit little-endian, both ways; JSON `ready`, `ended`,
 * `error`, `dtmf` from the server; `hangup` and `dtmf` from the browser), joined to the waiting caller.
 */
export const OPERATOR_WS_PATH = '/voice/v1/operator';
