import type { Dialog } from '../sip/dialog.ts';
import type { TransactionLayer } from '../sip/transaction-layer.ts';

/** Sends BYE within a dialog; resolves on its final response, whatever the status (the call is over). */
export function sendDialogBye(layer: TransactionLayer, dialog: Dialog): Promise<void> {
  const bye = dialog.createRequest('BYE');
  return new Promise<void>((resolve) => {
    layer.sendRequest(bye, dialog.nextHop(), (response) => {
      if (response.status >= 200) resolve();
    });
  });
}
