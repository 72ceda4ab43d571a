import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { api } from '~/components/api/api-client';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { useT, type TFunction } from '~/i18n';
import { ProviderDialog } from './provider-dialog';
import { testResultSchema, type ProviderItem, type TestResultItem } from './provider-types';

const TEST_CODES = [
  'bad_key',
  'wrong_region',
  'wrong_folder',
  'wrong_endpoint',
  'quota',
  'unreachable',
  'blocked_address',
  'timeout',
  'bad_response',
] as const;

/** The test's verdict in the reader's language (the API's message is English). */
export function testExplanation(t: TFunction, result: TestResultItem): string {
  if (result.ok) return t('providers.testOk', { ms: result.latencyMs });
  const code = TEST_CODES.find((c) => c === result.code);
  return code ? t(`providers.testCodes.${code}`) : result.message;
}

interface Props {
  projectId: string;
  provider: ProviderItem;
  canManage: boolean;
}

/** One account: what it serves, its masked key, the last test; for owners and admins test, edit, remove. */
export function ProviderCard({ projectId, provider, canManage }: Props) {
  const t = useT();
  const revalidator = useRevalidator();
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestResultItem | null>(provider.lastTest);
  const base = `/api/v1/projects/${projectId}/providers/${provider.id}` as const;

  const test = async () => {
    setTesting(true);
    const answer = await api(`${base}/test`, { method: 'POST', schema: testResultSchema });
    setTesting(false);
    if (answer.ok) setResult(answer.data);
  };
  const remove = async () => {
    await api(base, { method: 'DELETE' });
    revalidator.revalidate();
  };

  return (
    <Card className="space-y-3 p-4" data-testid={`provider-${provider.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium text-fg">
            {provider.name}
            {!provider.enabled ? (
              <span className="ml-2 text-xs text-fg-subtle">{t('providers.disabled')}</span>
            ) : null}
          </p>
          <p className="text-sm text-fg-muted">
            {t(`providers.kinds.${provider.provider}`)} ·{' '}
            {provider.capabilities.map((c) => t(`providers.capabilities.${c}`)).join(', ')}
          </p>
          <p className="font-mono text-xs text-fg-subtle">
            {t('providers.key')}: {provider.apiKey ?? t('providers.noKey')}
          </p>
        </div>
        {canManage ? (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" onClick={() => void test()} loading={testing}>
              {testing ? t('providers.testing') : t('providers.test')}
            </Button>
            <ProviderDialog
              projectId={projectId}
              provider={provider}
              trigger={
                <Button size="sm" variant="ghost">
                  {t('providers.edit')}
                </Button>
              }
            />
            <ConfirmDialog
              title={t('providers.removeTitle', { name: provider.name })}
              description={t('providers.removeText')}
              confirmLabel={t('providers.remove')}
              onConfirm={() => void remove()}
              trigger={
                <Button size="sm" variant="ghost">
                  {t('providers.remove')}
                </Button>
              }
            />
          </div>
        ) : null}
      </div>
      <p
        className={
          result ? (result.ok ? 'text-sm text-success' : 'text-sm text-danger') : 'text-sm text-fg-subtle'
        }
        role={result && !result.ok ? 'alert' : undefined}
        data-testid="provider-test-result"
      >
        {result ? testExplanation(t, result) : t('providers.neverTested')}
      </p>
    </Card>
  );
}
