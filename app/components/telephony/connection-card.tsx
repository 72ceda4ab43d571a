import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { Dialog, DialogClose } from '~/components/ui/dialog';
import { useT } from '~/i18n';
import { CheckResult, type CheckResultItem } from './check-result';
import { ConnectionDialog } from './connection-dialog';
import { ConnectionStatus } from './connection-status';
import { callApi } from './telephony-api';
import type { ConnectionItem, PresetItem } from './telephony-types';

interface Props {
  projectId: string;
  connection: ConnectionItem;
  presets: PresetItem[];
  canManage: boolean;
}

/** One connection: where it goes, its live status, and (for owners and admins) check, edit, remove. */
export function ConnectionCard({ projectId, connection, presets, canManage }: Props) {
  const t = useT();
  const revalidator = useRevalidator();
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<CheckResultItem>();
  const [failed, setFailed] = useState<'unavailable' | 'other'>();
  const preset = presets.find((p) => p.id === connection.provider);

  const check = async () => {
    setChecking(true);
    setFailed(undefined);
    const answer = await callApi<CheckResultItem>(
      'POST',
      `/projects/${projectId}/sip-connections/${connection.id}/check`,
    );
    setChecking(false);
    if (answer.ok) setResult(answer.data);
    else setFailed(answer.failure.code === 'media_server_unavailable' ? 'unavailable' : 'other');
  };
  const remove = async () => {
    await callApi('DELETE', `/projects/${projectId}/sip-connections/${connection.id}`);
    revalidator.revalidate();
  };

  return (
    <Card className="space-y-3 p-4" data-testid={`connection-${connection.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium text-fg">{connection.name}</p>
          <p className="text-sm text-fg-muted">
            {preset?.label ?? connection.provider} · {connection.host}:{connection.port} ·{' '}
            {connection.transport.toUpperCase()}
            {connection.authMode === 'registration'
              ? ` · ${connection.username}`
              : ` · ${t('telephony.connections.ipAuth')}`}
          </p>
          <p className="text-xs text-fg-subtle">
            {t('telephony.connections.numbers', { count: connection.numberCount })}
          </p>
        </div>
        <ConnectionStatus connection={connection} />
      </div>
      {canManage ? (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => void check()} loading={checking}>
            {checking ? t('telephony.connections.checking') : t('telephony.connections.check')}
          </Button>
          <ConnectionDialog
            projectId={projectId}
            presets={presets}
            connection={connection}
            trigger={
              <Button size="sm" variant="ghost">
                {t('telephony.connections.edit')}
              </Button>
            }
          />
          <Dialog
            size="sm"
            title={t('telephony.connections.removeTitle', { name: connection.name })}
            description={t('telephony.connections.removeText')}
            trigger={
              <Button size="sm" variant="ghost">
                {t('telephony.connections.remove')}
              </Button>
            }
            footer={
              <>
                <DialogClose asChild>
                  <Button variant="secondary">{t('common.cancel')}</Button>
                </DialogClose>
                <DialogClose asChild>
                  <Button variant="danger" onClick={() => void remove()}>
                    {t('telephony.connections.remove')}
                  </Button>
                </DialogClose>
              </>
            }
          />
        </div>
      ) : null}
      {failed ? (
        <p className="text-sm text-danger">
          {t(failed === 'unavailable' ? 'telephony.connections.checkUnavailable' : 'telephony.requestFailed')}
        </p>
      ) : null}
      {result ? <CheckResult result={result} /> : null}
    </Card>
  );
}
