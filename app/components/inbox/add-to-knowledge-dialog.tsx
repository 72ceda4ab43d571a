import { useFetcher } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useT } from '~/i18n';
import { failureMessage, fieldMessage, isFailure, type FormFailureData } from '../forms/form-messages';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormField } from '../ui/form-field';
import { Textarea } from '../ui/textarea';

/** What the call page's action answers: `{ok: true, intent}`, or the one failure shape of every page. */
type AddResult = { ok: true; intent?: string } | FormFailureData;

export interface KnowledgeDraft {
  question: string;
  answer: string;
  /** What the agent said there: shown for reference, never offered as the right answer (it was flagged). */
  said?: string;
}

/**
 * "Add to knowledge base" from a call: the caller's question and the corrected answer become a Q&A entry,
 * indexed at once and linked back to this call. Posts to the call card's action.
 */
export function AddToKnowledgeDialog({
  draft,
  knowledgeBases,
  onClose,
}: {
  draft: KnowledgeDraft | null;
  knowledgeBases: readonly { id: string; name: string }[];
  onClose: (added: boolean) => void;
}) {
  const t = useT();
  const fetcher = useFetcher<AddResult>();
  const [knowledgeBaseId, setKnowledgeBaseId] = useState(knowledgeBases[0]?.id ?? '');
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.ok === true && fetcher.data.intent === 'add_to_kb')
      onClose(true);
  }, [fetcher.state, fetcher.data, onClose]);
  const failure = isFailure(fetcher.data) ? fetcher.data : undefined;
  // A refusal that names no field (a base removed meanwhile, a role without the right) shows under the answer.
  const whole = failure && Object.keys(failure.fields).length === 0 ? failureMessage(t, failure) : undefined;
  return (
    <Dialog
      open={draft !== null}
      onOpenChange={(open) => !open && onClose(false)}
      title={t('inbox.addToKb.title')}
      description={t('inbox.addToKb.description')}
    >
      {draft &&
        (knowledgeBases.length === 0 ? (
          <p className="text-sm text-fg-muted">{t('inbox.addToKb.noBases')}</p>
        ) : (
          <fetcher.Form method="post" className="space-y-4" data-testid="add-to-kb-form">
            <input type="hidden" name="intent" value="add_to_kb" />
            <FormField label={t('inbox.addToKb.base')} error={fieldMessage(t, failure, 'knowledgeBaseId')}>
              <select
                name="knowledgeBaseId"
                value={knowledgeBaseId}
                onChange={(e) => setKnowledgeBaseId(e.target.value)}
                className="h-9 w-full rounded-control border border-border bg-surface px-2.5 text-sm"
              >
                {knowledgeBases.map((kb) => (
                  <option key={kb.id} value={kb.id}>
                    {kb.name}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField label={t('inbox.addToKb.question')} error={fieldMessage(t, failure, 'question')}>
              <Textarea name="question" rows={2} maxLength={1000} defaultValue={draft.question} />
            </FormField>
            {draft.said ? (
              <div className="rounded-control bg-surface-muted p-2 text-sm" data-testid="agent-said">
                <p className="text-xs text-fg-subtle">{t('inbox.addToKb.said')}</p>
                <p className="text-fg-muted">{draft.said}</p>
              </div>
            ) : null}
            <FormField label={t('inbox.addToKb.answer')} error={fieldMessage(t, failure, 'answer') ?? whole}>
              <Textarea name="answer" rows={4} maxLength={5000} defaultValue={draft.answer} />
            </FormField>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={() => onClose(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={fetcher.state !== 'idle'}>
                {t('inbox.addToKb.submit')}
              </Button>
            </div>
          </fetcher.Form>
        ))}
    </Dialog>
  );
}
