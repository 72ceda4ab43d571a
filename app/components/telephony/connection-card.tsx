import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { api } from '~/components/api/api-client';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { useT } from '~/i18n';
import { CheckResult, checkResultSchema, type CheckResultItem } from './check-result';
import { ConnectionDialog } from './connection-dialog';
import { ConnectionStatus } from './connection-status';
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
    const answer = await api(`/api/v1/projects/${projectId}/sip-connections/${connection.id}/check`, {
      method: 'POST',
      schema: checkResultSchema,
    });
    setChecking(false);
    if (answer.ok) setResult(answer.data);
    else setFailed(answer.error.code === 'media_server_unavailable' ? 'unavailable' : 'other');
  };
  const remove = async () => {
    await api(`/api/v1/projects/${projectId}/sip-connections/${connection.id}`, { method: 'DELETE' });
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
          <ConfirmDialog
            title={t('telephony.connections.removeTitle', { name: connection.name })}
            description={t('telephony.connections.removeText')}
            trigger={
              <Button size="sm" variant="ghost">
                {t('telephony.connections.remove')}
              </Button>
            }
            confirmLabel={t('telephony.connections.remove')}
            onConfirm={() => void remove()}
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
