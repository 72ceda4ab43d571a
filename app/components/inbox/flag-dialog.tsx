import { useFetcher } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { ISSUE_REASONS } from '~/lib/calls/issue-values';
import { useT } from '~/i18n';
import { fieldMessage, isFailure, type FormFailureData } from '../forms/form-messages';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormField } from '../ui/form-field';
import { Select } from '../ui/select';
import { Textarea } from '../ui/textarea';
import type { CallTurnView } from './call-types';

export const reasonKey = (reason: string) =>
  `inbox.reasons.${reason === 'other' ? 'otherReason' : (reason as 'wrong_answer')}` as const;

/** What the call page's action answers: `{ok: true}`, or the one failure shape of every page. */
type FlagResult = { ok: true } | FormFailureData;

/** Flag one line as wrong: a reason and a comment; posts to the call card's action. */
export function FlagDialog({
  turn,
  onClose,
}: {
  turn: CallTurnView | null;
  onClose: (flagged: boolean) => void;
}) {
  const t = useT();
  const fetcher = useFetcher<FlagResult>();
  const [reason, setReason] = useState<string>('wrong_answer');
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.ok) onClose(true);
  }, [fetcher.state, fetcher.data, onClose]);
  const failure = isFailure(fetcher.data) ? fetcher.data : undefined;
  return (
    <Dialog
      open={turn !== null}
      onOpenChange={(open) => !open && onClose(false)}
      title={t('inbox.flagDialog.title')}
      description={t('inbox.flagDialog.description')}
    >
      {turn && (
        <fetcher.Form method="post" className="space-y-4" id="flag-form">
          <input type="hidden" name="intent" value="flag" />
          <input type="hidden" name="turnId" value={turn.id} />
          <blockquote className="rounded-control bg-surface-muted px-3 py-2 text-sm text-fg">
            {turn.text}
          </blockquote>
          <FormField label={t('inbox.flagDialog.reason')} error={fieldMessage(t, failure, 'reason')}>
            <Select
              name="reason"
              value={reason}
              onValueChange={setReason}
              options={ISSUE_REASONS.map((r) => ({ value: r, label: t(reasonKey(r)) }))}
            />
          </FormField>
          <FormField label={t('inbox.flagDialog.comment')} error={fieldMessage(t, failure, 'comment')}>
            <Textarea name="comment" rows={3} maxLength={2000} />
          </FormField>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => onClose(false)}>
              {t('inbox.flagDialog.cancel')}
            </Button>
            <Button type="submit" disabled={fetcher.state !== 'idle'}>
              {t('inbox.flagDialog.submit')}
            </Button>
          </div>
        </fetcher.Form>
      )}
    </Dialog>
  );
}
