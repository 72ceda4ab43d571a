import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import {
  handoffView,
  OPERATOR_SET_STATUSES,
  presenceView,
  type HandoffView,
  type PresenceView,
} from '~/lib/handoffs/handoff-views';
import { useLocale, useT } from '~/i18n';
import { api } from '../api/api-client';
import { useProjectEvents } from '../realtime/use-project-events';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Checkbox } from '../ui/checkbox';
import { cn } from '../ui/cn';
import { PageHeader } from '../ui/page-header';
import { LiveCall } from './live-call';
import { OfferCard } from './offer-card';
import { WrapUpForm } from './wrap-up-form';

const HANDOFF_EVENTS = ['handoff.requested', 'handoff.accepted', 'handoff.completed'] as const;
const LANGUAGES = ['ru', 'en'] as const;
const handoffList = z.object({ handoffs: z.array(handoffView) });

/**
 * The operator's workspace: presence (online/away/offline and the languages taken), the offer the routing
 * made to them with its packet, accept/decline, and the call they hold. Offers arrive over the realtime
 * gateway (`handoff.*`, filtered to this operator by the server); each event reloads the list, so a
 * reconnect or a missed event never leaves a stale offer on screen.
 */
export function OperatorPanel({ projectId, initial }: { projectId: string; initial: PresenceView }) {
  const t = useT();
  const locale = useLocale();
  const [presence, setPresence] = useState(initial);
  const [handoffs, setHandoffs] = useState<HandoffView[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/api/v1/projects/${projectId}` as const;

  const reload = useCallback(async () => {
    const [list, me] = await Promise.all([
      api(`${base}/handoffs`, { schema: handoffList }),
      api(`${base}/operators/me/presence`, { schema: presenceView }),
    ]);
    if (list.ok) setHandoffs(list.data.handoffs);
    if (me.ok) setPresence(me.data);
  }, [base]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useProjectEvents(projectId, {
    types: HANDOFF_EVENTS,
    onEvent: () => void reload(),
    onOpen: () => void reload(),
  });

  const setStatus = async (
    status: (typeof OPERATOR_SET_STATUSES)[number],
    languages = presence.languages,
  ) => {
    setNotice(null);
    const answer = await api(`${base}/operators/me/presence`, {
      method: 'PUT',
      json: { status, languages },
      schema: presenceView,
    });
    if (answer.ok) setPresence(answer.data);
    else setNotice(answer.error.message);
    await reload();
  };

  const answer = async (id: string, action: 'accept' | 'decline' | 'complete') => {
    setNotice(null);
    const result = await api(`${base}/handoffs/${id}/${action}`, { method: 'POST', schema: handoffView });
    if (!result.ok) setNotice(result.error.code === 'offer_gone' ? t('operator.gone') : t('operator.failed'));
    await reload();
  };

  const mine = handoffs.filter((h) => h.operatorUserId === presence.userId);
  const current = mine.find((h) => h.status === 'accepted') ?? mine.find((h) => h.status === 'offered');
  // A finished call of theirs not filed yet: the wrap-up form (an offer may arrive beside it).
  const toWrap = mine.find((h) => h.status === 'completed' && h.wrapUp === null);
  // Holding an offer or a call, the operator answers it first (the server refuses too); wrap-up may end.
  const settable = presence.status !== 'offered' && presence.status !== 'busy';

  return (
    <div className="space-y-6">
      <PageHeader title={t('operator.title')} description={t('operator.description')} />
      <Card className="space-y-4 p-4">
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm text-fg-muted">{t('operator.presence')}</span>
          <span data-testid="operator-status" className="font-medium">
            {t(`operator.status.${presence.status}`)}
          </span>
          <div className="flex gap-2" role="group" aria-label={t('operator.presence')}>
            {OPERATOR_SET_STATUSES.map((status) => (
              <Button
                key={status}
                size="sm"
                variant={presence.status === status ? 'primary' : 'secondary'}
                disabled={!settable && status !== 'offline'}
                aria-pressed={presence.status === status}
                onClick={() => void setStatus(status)}
              >
                {t(`operator.status.${status}`)}
              </Button>
            ))}
          </div>
        </div>
        <fieldset className="flex flex-wrap items-center gap-4">
          <legend className="mb-1 text-sm text-fg-muted">{t('operator.skills')}</legend>
          {LANGUAGES.map((language) => (
            <label key={language} className="flex items-center gap-2 text-sm">
              <Checkbox
                checked={presence.languages.includes(language)}
                disabled={!settable}
                onCheckedChange={(checked) => {
                  const languages = checked
                    ? [...presence.languages, language]
                    : presence.languages.filter((l) => l !== language);
                  void setStatus(
                    presence.status === 'wrap_up'
                      ? 'online'
                      : (presence.status as (typeof OPERATOR_SET_STATUSES)[number]),
                    languages,
                  );
                }}
              />
              {new Intl.DisplayNames([locale], { type: 'language' }).of(language) ?? language.toUpperCase()}
            </label>
          ))}
        </fieldset>
      </Card>
      {notice && (
        <p role="alert" className="text-sm text-danger">
          {notice}
        </p>
      )}
      {toWrap && (
        <WrapUpForm key={toWrap.id} projectId={projectId} handoff={toWrap} onSaved={() => void reload()} />
      )}
      {current?.status === 'accepted' && current.callId && (
        <LiveCall
          key={current.id}
          projectId={projectId}
          handoffId={current.id}
          returnNodes={current.returnNodes}
          // The call is over (either side hung up): finished, and the wrap-up form comes up. When it could
          // not be joined, the caller may still wait: the operator decides (Finish the call).
          onEnded={(how) => (how === 'ended' ? void answer(current.id, 'complete') : undefined)}
        />
      )}
      {current ? (
        <OfferCard handoff={current} onAnswer={(action) => void answer(current.id, action)} />
      ) : (
        <p className={cn('text-sm text-fg-muted')} data-testid="no-offer">
          {t('operator.noOffer')}
        </p>
      )}
    </div>
  );
}
