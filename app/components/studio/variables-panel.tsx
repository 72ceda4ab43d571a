import { useState } from 'react';
import { usePick, useT } from '~/i18n';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { fieldLabel, findNodeDefinition, type FlowVariableInfo } from '#flow-runtime/editor';
import { useStudio, useStudioStore } from './studio-context';

const types = ['string', 'number', 'boolean', 'object', 'list'] as const;
type VariableType = (typeof types)[number];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Declared {
  name: string;
  type?: VariableType;
  default?: unknown;
}

const defaultText = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Every variable of the flow: declared ones (type and default editable), the ones nodes set (Ask answers,
 * tool results, assignments) and built-ins, with the blocks that set and read each; a variable that is
 * read but never set is flagged.
 */
export function VariablesPanel() {
  const t = useT();
  const store = useStudioStore();
  const readOnly = useStudio((s) => s.readOnly);
  // Select the stored array itself: a fresh `[]` per call would re-render forever.
  const stored = useStudio((s) => s.meta.variables);
  const declared = (stored ?? []) as Declared[];
  const info = useStudio((s) => s.variableInfo);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const write = (next: Declared[]) => store.getState().updateMeta({ variables: next as never });
  const declare = (variable: Declared) => write([...declared, variable]);
  const update = (varName: string, patch: (d: Declared) => Declared) =>
    write(declared.map((d) => (d.name === varName ? patch(d) : d)));
  const add = () => {
    const trimmed = name.trim();
    if (!NAME.test(trimmed)) return setError(t('studio.variables.badName'));
    if (info.some((v) => v.name === trimmed)) return setError(t('studio.variables.duplicate'));
    declare({ name: trimmed, type: 'string' });
    setName('');
    setError(null);
  };

  return (
    <div className="space-y-3 p-3" data-testid="variables-panel">
      <p className="text-xs text-fg-muted">{t('studio.variables.intro', { example: '{{name}}' })}</p>
      <ul className="space-y-2">
        {info.map((v) => (
          <VariableRow
            key={v.name}
            v={v}
            declared={declared.find((d) => d.name === v.name)}
            readOnly={readOnly}
            onDeclare={() => declare({ name: v.name, type: v.type ?? 'string' })}
            onUpdate={(patch) => update(v.name, patch)}
            onRemove={() => write(declared.filter((d) => d.name !== v.name))}
            onFocus={(nodeId) => store.getState().focusNode(nodeId)}
          />
        ))}
      </ul>
      {!readOnly && (
        <form
          className="flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('studio.variables.newName')}
            translate="no"
            aria-label={t('studio.variables.newNameLabel')}
            aria-invalid={error ? true : undefined}
            className="h-8 min-w-0 flex-1 rounded-control border border-border bg-surface px-2 font-mono text-[13px] aria-invalid:border-danger"
          />
          <Button size="sm" type="submit" variant="secondary">
            {t('studio.inspector.add')}
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

function VariableRow({
  v,
  declared,
  readOnly,
  onDeclare,
  onUpdate,
  onRemove,
  onFocus,
}: {
  v: FlowVariableInfo;
  declared: Declared | undefined;
  readOnly: boolean;
  onDeclare: () => void;
  onUpdate: (patch: (d: Declared) => Declared) => void;
  onRemove: () => void;
  onFocus: (nodeId: string) => void;
}) {
  const t = useT();
  const pickText = usePick();
  const nodes = useStudio((s) => s.nodes);
  // A site names its block as the canvas does and its field as the inspector does, not by id and key.
  const siteWords = (site: { nodeId: string; field: string }) => {
    const node = nodes.find((n) => n.id === site.nodeId);
    const definition = findNodeDefinition(node?.type ?? '');
    const own = (node?.data as { label?: unknown } | undefined)?.label;
    return {
      block: typeof own === 'string' && own ? own : definition ? pickText(definition.label) : site.nodeId,
      field: definition ? pickText(fieldLabel(definition.fields, site.field.split('.'))) : site.field,
    };
  };
  const sites = (label: string, list: { nodeId: string; field: string }[]) =>
    list.length > 0 && (
      <p className="flex flex-wrap items-center gap-1 text-[11px] text-fg-subtle">
        <span>{label}</span>
        {list.map((site, i) => (
          <button
            key={`${site.nodeId}-${site.field}-${i}`}
            type="button"
            title={siteWords(site).field}
            data-node-id={site.nodeId}
            onClick={() => onFocus(site.nodeId)}
            className="rounded bg-surface-muted px-1 text-fg-muted hover:bg-brand-subtle"
          >
            {siteWords(site).block}
          </button>
        ))}
      </p>
    );
  return (
    <li
      data-testid={`variable-${v.name}`}
      className={cn(
        'space-y-1 rounded-control border p-2',
        v.unset ? 'border-amber-300 bg-amber-50/60' : 'border-border',
      )}
    >
      <div className="flex items-center gap-1.5">
        <span className="min-w-0 flex-1 truncate font-mono text-[13px] text-fg" translate="no">
          {v.name}
        </span>
        {v.builtIn && (
          <span className="text-[10px] font-semibold text-fg-subtle uppercase">
            {t('studio.variables.builtIn')}
          </span>
        )}
        {v.providedBy === 'campaign' && (
          <span className="text-[10px] font-semibold text-brand uppercase" data-testid="from-campaign">
            {t('studio.variables.fromCampaign')}
          </span>
        )}
        {declared ? (
          <>
            <select
              aria-label={t('studio.variables.type')}
              value={declared.type ?? 'string'}
              disabled={readOnly}
              onChange={(e) => onUpdate((d) => ({ ...d, type: e.target.value as VariableType }))}
              className="h-7 rounded-control border border-border bg-surface px-1 text-xs"
            >
              {types.map((type) => (
                <option key={type} value={type}>
                  {t(`studio.variables.types.${type}`)}
                </option>
              ))}
            </select>
            <input
              aria-label={t('studio.variables.default')}
              placeholder={t('studio.variables.default')}
              value={defaultText(declared.default)}
              disabled={readOnly}
              onChange={(e) => {
                const raw = e.target.value;
                onUpdate((d) => {
                  const next = { ...d };
                  if (raw === '') delete next.default;
                  else if (d.type === 'number' && raw.trim() !== '' && !Number.isNaN(Number(raw)))
                    next.default = Number(raw);
                  else if (d.type === 'boolean') next.default = raw === 'true';
                  else next.default = raw;
                  return next;
                });
              }}
              className="h-7 w-24 rounded-control border border-border bg-surface px-1.5 text-xs"
            />
            {!readOnly && (
              <button
                type="button"
                aria-label={t('studio.inspector.remove')}
                className="px-1 text-fg-subtle hover:text-danger"
                onClick={onRemove}
              >
                ×
              </button>
            )}
          </>
        ) : (
          <>
            {v.type && (
              <span className="text-[11px] text-fg-subtle">{t(`studio.variables.types.${v.type}`)}</span>
            )}
            {!readOnly && !v.builtIn && !v.providedBy && (
              <button
                type="button"
                className="text-[11px] font-medium text-brand hover:underline"
                onClick={onDeclare}
              >
                {t('studio.variables.declare')}
              </button>
            )}
          </>
        )}
      </div>
      {v.unset && <p className="text-[11px] text-amber-800">{t('studio.variables.unset')}</p>}
      {sites(t('studio.variables.setBy'), v.setBy)}
      {sites(t('studio.variables.usedBy'), v.usedBy)}
    </li>
  );
}
