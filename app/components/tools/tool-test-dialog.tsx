import { useState, type ReactNode } from 'react';
import { z } from 'zod';
import { api, type ApiFailure } from '~/components/api/api-client';
import { apiFailureMessage } from '~/components/api/api-failure-message';
import { Button } from '~/components/ui/button';
import { Dialog } from '~/components/ui/dialog';
import { FormField } from '~/components/ui/form-field';
import { Textarea } from '~/components/ui/textarea';
import { useT } from '~/i18n';
import { sampleArgs } from './argument-schema';
import type { ToolItem, ToolTestItem } from './tool-types';

const testAnswer = z.object({
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().nullable(),
  }),
  ok: z.boolean(),
  status: z.number().nullable(),
  response: z.unknown(),
  result: z.unknown(),
  error: z.string().nullable(),
  durationMs: z.number(),
});

const pretty = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** Test with sample arguments: the request as sent (secret masked) and the answer as received and mapped. */
export function ToolTestDialog({
  projectId,
  tool,
  trigger,
}: {
  projectId: string;
  tool: ToolItem;
  trigger: ReactNode;
}) {
  const t = useT();
  const [args, setArgs] = useState(() => JSON.stringify(sampleArgs(tool.parameters), null, 2));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [result, setResult] = useState<ToolTestItem>();

  const send = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch {
      parsed = null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setProblem(t('tools.testDialog.argsInvalid'));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    const answer = await api(`/api/v1/projects/${projectId}/tools/${tool.id}/test`, {
      method: 'POST',
      json: { args: parsed },
      schema: testAnswer,
    });
    setBusy(false);
    if (answer.ok) setResult(answer.data);
    else {
      setResult(undefined);
      setProblem(failureText(answer.error));
    }
  };
  const failureText = (failure: ApiFailure) =>
    failure.fields.args
      ? `${t('tools.fieldErrors.args')} ${failure.message}`
      : apiFailureMessage(t, failure, 'tools');

  return (
    <Dialog
      title={t('tools.testDialog.title', { name: tool.name })}
      trigger={trigger}
      size="lg"
      footer={
        <Button onClick={() => void send()} loading={busy}>
          {t('tools.testDialog.send')}
        </Button>
      }
    >
      <div className="space-y-4" data-testid="tool-test">
        <FormField label={t('tools.testDialog.args')}>
          <Textarea
            className="font-mono text-xs"
            rows={4}
            value={args}
            onChange={(e) => setArgs(e.target.value)}
          />
        </FormField>
        {problem && (
          <p className="text-sm text-danger" role="alert">
            {problem}
          </p>
        )}
        {result && (
          <div className="grid gap-3 sm:grid-cols-2">
            <section className="space-y-1" data-testid="tool-test-request">
              <h3 className="text-sm font-semibold text-fg">{t('tools.testDialog.request')}</h3>
              <pre className="overflow-auto rounded-control bg-surface-muted p-2 text-xs whitespace-pre-wrap break-all">
                {`${result.request.method} ${result.request.url}\n${Object.entries(result.request.headers)
                  .map(([name, value]) => `${name}: ${value}`)
                  .join('\n')}${result.request.body ? `\n\n${result.request.body}` : ''}`}
              </pre>
            </section>
            <section className="space-y-1" data-testid="tool-test-answer">
              <h3 className="text-sm font-semibold text-fg">
                {t('tools.testDialog.answer')}
                {result.status !== null && ` · ${t('tools.testDialog.status', { status: result.status })}`}
                {` · ${t('tools.testDialog.duration', { ms: result.durationMs })}`}
              </h3>
              {result.ok ? (
                <>
                  <pre className="overflow-auto rounded-control bg-surface-muted p-2 text-xs whitespace-pre-wrap break-all">
                    {pretty(result.response)}
                  </pre>
                  <h4 className="text-xs font-semibold text-fg-muted">{t('tools.testDialog.mapped')}</h4>
                  <pre
                    className="overflow-auto rounded-control bg-surface-muted p-2 text-xs whitespace-pre-wrap break-all"
                    data-testid="tool-test-result"
                  >
                    {pretty(result.result)}
                  </pre>
                </>
              ) : (
                <>
                  <p className="text-sm text-danger" role="alert">
                    {t('tools.testDialog.failed', { error: result.error ?? '' })}
                  </p>
                  {typeof result.response === 'string' && result.response !== '' && (
                    <pre
                      className="overflow-auto rounded-control bg-surface-muted p-2 text-xs whitespace-pre-wrap break-all"
                      data-testid="tool-test-error-body"
                    >
                      {result.response}
                    </pre>
                  )}
                </>
              )}
            </section>
          </div>
        )}
      </div>
    </Dialog>
  );
}
