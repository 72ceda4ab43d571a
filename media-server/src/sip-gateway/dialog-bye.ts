import type { LegEndReason } from '../call/media-leg.ts';
import type { Dialog } from '../sip/dialog.ts';
import type { TransactionLayer } from '../sip/transaction-layer.ts';
import { byeReasonHeader } from './end-cause.ts';

/**
 * Sends BYE within a dialog, with an RFC 3326 Reason so the far end's records say why; resolves on its
 * final response, whatever the status (the call is over).
 */
export function sendDialogBye(layer: TransactionLayer, dialog: Dialog, reason: LegEndReason): Promise<void> {
  const bye = dialog.createRequest('BYE', { headers: [['reason', byeReasonHeader(reason)]] });
  return new Promise<void>((resolve) => {
    layer.sendRequest(bye, dialog.nextHop(), (response) => {
      if (response.status >= 200) resolve();
    });
  });
}
