import { useEffect, useState } from 'react';
import { z } from 'zod';
import { useT } from '~/i18n';
import { api, type ApiFailure, type ApiPath } from '../api/api-client';
import { Button } from '../ui/button';
import { useToast } from '../ui/use-toast';
import { useStudio } from './studio-context';

const OUTCOME_TYPES = ['boolean', 'string', 'number', 'date'] as const;

const configSchema = z.object({
  summary: z.boolean(),
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.enum(OUTCOME_TYPES),
      description: z.string().default(''),
      slot: z.string().optional(),
    }),
  ),
});
type Config = z.infer<typeof configSchema>;
type Field = Config['fields'][number];

/** No answer, or one that is not the API's error shape: the server was not reached as it should be. */
const unreachable = (failure: ApiFailure) => failure.code === 'network' || failure.code === 'http_error';

const control =
  'h-8 w-full rounded-control border border-border bg-surface px-2 text-[13px] aria-invalid:border-danger disabled:opacity-60';

/**
 * What every call of this agent is summarised into: a summary on or off, and outcome fields (booked?
 * date?) the LLM fills after the call, or the named slot when no LLM is configured. Shown in the Inbox.
 */
export function AnalysisPanel({
  projectId,
  agentId,
  canEdit,
}: {
  projectId: string;
  agentId: string;
  canEdit: boolean;
}) {
  const t = useT();
  const { toast } = useToast();
  const variables = useStudio((s) => s.variableInfo);
  const [config, setConfig] = useState<Config | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const url: ApiPath = `/api/v1/projects/${projectId}/call-analysis/${agentId}`;

  useEffect(() => {
    let live = true;
    void api(url, { schema: configSchema }).then((result) => {
      if (!live) return;
      if (result.ok) setConfig(result.data);
      else setFailure(unreachable(result.error) ? t('studio.analysis.unreachable') : result.error.message);
    });
    return () => {
      live = false;
    };
  }, [url, t]);

  if (failure) return <p className="p-4 text-sm text-danger">{failure}</p>;
  if (!config) return <p className="p-4 text-sm text-fg-subtle">{t('studio.analysis.loading')}</p>;

  const setField = (i: number, patch: Partial<Field>) =>
    setConfig({ ...config, fields: config.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const err = (path: string) => errors[path]?.[0];

  const save = async () => {
    setSaving(true);
    setErrors({});
    const result = await api(url, { method: 'PUT', json: config });
    setSaving(false);
    if (result.ok) return toast({ title: t('studio.analysis.saved'), variant: 'success' });
    setErrors(result.error.fields);
    toast({
      title: unreachable(result.error) ? t('studio.analysis.unreachable') : result.error.message,
      variant: 'error',
    });
  };

  return (
    <div className="space-y-3 p-3" data-testid="analysis-panel">
      <p className="text-xs text-fg-muted">{t('studio.analysis.intro')}</p>
      <label className="flex items-center justify-between gap-2 text-[13px] font-medium text-fg">
        {t('studio.analysis.summary')}
        <input
          type="checkbox"
          className="size-4 accent-brand"
          checked={config.summary}
          disabled={!canEdit}
          onChange={(e) => setConfig({ ...config, summary: e.target.checked })}
        />
      </label>
      <ul className="space-y-2">
        {config.fields.map((field, i) => (
          <li
            key={i}
            className="space-y-1.5 rounded-control border border-border p-2"
            data-testid="outcome-field"
          >
            <div className="flex gap-1">
              <input
                aria-label={t('studio.analysis.label')}
                placeholder={t('studio.analysis.label')}
                value={field.label}
                disabled={!canEdit}
                aria-invalid={err(`fields.${i}.label`) ? true : undefined}
                onChange={(e) => setField(i, { label: e.target.value })}
                className={control}
              />
              {canEdit && (
                <button
                  type="button"
                  aria-label={t('studio.inspector.remove')}
                  className="px-1 text-fg-subtle hover:text-danger"
                  onClick={() => setConfig({ ...config, fields: config.fields.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              )}
            </div>
            <div className="grid grid-cols-2 gap-1">
              <input
                aria-label={t('studio.analysis.key')}
                placeholder="booked"
                value={field.key}
                disabled={!canEdit}
                aria-invalid={err(`fields.${i}.key`) ? true : undefined}
                onChange={(e) => setField(i, { key: e.target.value })}
                className={`${control} font-mono`}
              />
              <select
                aria-label={t('studio.analysis.type')}
                value={field.type}
                disabled={!canEdit}
                onChange={(e) => setField(i, { type: e.target.value as Field['type'] })}
                className={control}
              >
                {OUTCOME_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`studio.analysis.types.${type}`)}
                  </option>
                ))}
              </select>
            </div>
            <input
              aria-label={t('studio.analysis.description')}
              placeholder={t('studio.analysis.description')}
              value={field.description}
              disabled={!canEdit}
              onChange={(e) => setField(i, { description: e.target.value })}
              className={control}
            />
            <select
              aria-label={t('studio.analysis.slot')}
              value={field.slot ?? ''}
              disabled={!canEdit}
              onChange={(e) => {
                const { slot: _old, ...rest } = field;
                setConfig({
                  ...config,
                  fields: config.fields.map((f, j) =>
                    j === i ? (e.target.value ? { ...rest, slot: e.target.value } : rest) : f,
                  ),
                });
              }}
              className={control}
            >
              <option value="">{t('studio.analysis.noSlot')}</option>
              {variables
                .filter((v) => !v.builtIn)
                .map((v) => (
                  <option key={v.name} value={v.name}>
                    {v.name}
                  </option>
                ))}
            </select>
            {[err(`fields.${i}.key`), err(`fields.${i}.label`)].filter(Boolean).map((m) => (
              <p key={m} role="alert" className="text-xs text-danger">
                {m}
              </p>
            ))}
          </li>
        ))}
      </ul>
      {err('fields') && (
        <p role="alert" className="text-xs text-danger">
          {err('fields')}
        </p>
      )}
      {canEdit && (
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            disabled={config.fields.length >= 20}
            onClick={() =>
              setConfig({
                ...config,
                fields: [...config.fields, { key: '', label: '', type: 'string', description: '' }],
              })
            }
          >
            + {t('studio.analysis.addField')}
          </Button>
          <Button size="sm" loading={saving} onClick={() => void save()}>
            {t('studio.analysis.save')}
          </Button>
        </div>
      )}
    </div>
  );
}
