import { useId, useState } from 'react';
import { type FieldLayout } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import { cn } from '../ui/cn';
import { isShown, writeField } from './node-data';
import { readField } from './node-summary';
import { PromptEditor } from './prompt-editor';

export interface FieldContext {
  variables: readonly string[];
  tools: readonly string[];
  knowledgeBases: readonly { id: string; name: string }[];
  /** The project's CRM connections; a CRM block without one uses the built-in CRM. */
  crmConnections?: readonly { id: string; name: string }[];
  /** The project's calendar connections and their calendars, for Book appointment. */
  calendarConnections?: readonly {
    id: string;
    name: string;
    calendars: readonly { id: string; name: string }[];
  }[];
  /** The project's messaging channels and templates, for the Send message block's pickers. */
  messagingChannels?: readonly { id: string; name: string }[];
  messageTemplates?: readonly { id: string; name: string; language: string; channelId: string }[];
  /** The project's operator queues by name, for the Transfer block's queue picker. */
  operatorQueues?: readonly string[];
  nodes: readonly { id: string; label: string }[];
  /** The whole node's data, for `showIf` inside list items. */
  node: Record<string, unknown>;
  disabled: boolean;
  /** Validation messages by field path. */
  errors: ReadonlyMap<string, string>;
}

const control =
  'h-8 w-full rounded-control border border-border bg-surface px-2.5 text-[13px] text-fg focus-visible:outline-2 focus-visible:outline-ring disabled:opacity-60 aria-invalid:border-danger';

type Data = Record<string, unknown>;

interface FieldProps {
  field: FieldLayout;
  path: string;
  value: unknown;
  shown: unknown;
  onChange: (value: unknown) => void;
  ctx: FieldContext;
}

/** One inspector input, chosen by the field's kind in the node definition. */
export function InspectorField({ field, path, value, shown, onChange, ctx }: FieldProps) {
  const pickText = usePick();
  const t = useT();
  const id = useId();
  const error = ctx.errors.get(path);
  const label = pickText(field.label);
  const help = field.help ? pickText(field.help) : null;
  const invalid = error !== undefined;
  const describedBy = error ? `${id}-error` : help ? `${id}-help` : undefined;

  const input = (() => {
    switch (field.kind) {
      case 'text':
      case 'expression':
        return (
          <input
            id={id}
            className={cn(control, field.kind === 'expression' && 'font-mono')}
            value={typeof value === 'string' ? value : ''}
            placeholder={typeof shown === 'string' ? shown : undefined}
            // The placeholder is the field's default value: data the block will use, not copy to translate.
            translate="no"
            onChange={(e) => onChange(e.target.value)}
            disabled={ctx.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          />
        );
      case 'textarea':
        return (
          <PromptEditor
            id={id}
            value={typeof value === 'string' ? value : ''}
            placeholder={typeof shown === 'string' ? shown : undefined}
            onChange={onChange}
            variables={ctx.variables}
            disabled={ctx.disabled}
            invalid={invalid}
          />
        );
      case 'number':
        return (
          <input
            id={id}
            type="number"
            className={control}
            value={typeof value === 'number' ? value : ''}
            placeholder={typeof shown === 'number' ? String(shown) : undefined}
            onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
            disabled={ctx.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          />
        );
      case 'switch':
        return (
          <input
            id={id}
            type="checkbox"
            className="size-4 accent-brand"
            checked={Boolean(value ?? shown)}
            onChange={(e) => onChange(e.target.checked)}
            disabled={ctx.disabled}
          />
        );
      case 'select':
      case 'tool':
      case 'node': {
        const options =
          field.kind === 'select'
            ? (field.options ?? []).map((o) => ({ value: o.value, label: pickText(o.label) }))
            : field.kind === 'tool'
              ? ctx.tools.map((name) => ({ value: name, label: name }))
              : ctx.nodes.map((n) => ({ value: n.id, label: n.label }));
        const current = typeof (value ?? shown) === 'string' ? String(value ?? shown) : '';
        return (
          <select
            id={id}
            className={control}
            value={current}
            onChange={(e) => onChange(e.target.value)}
            disabled={ctx.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          >
            {(current === '' || !options.some((o) => o.value === current)) && (
              <option value={current}>{current || '—'}</option>
            )}
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        );
      }
      case 'variable':
        return (
          <>
            <input
              id={id}
              className={cn(control, 'font-mono')}
              list={`${id}-vars`}
              value={typeof value === 'string' ? value : ''}
              placeholder={typeof shown === 'string' ? shown : 'variable_name'}
              translate="no"
              onChange={(e) => onChange(e.target.value.replace(/\s+/g, '_'))}
              disabled={ctx.disabled}
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
            />
            <datalist id={`${id}-vars`}>
              {ctx.variables.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          </>
        );
      case 'tags':
        return (
          <TagsInput
            id={id}
            value={Array.isArray(value) ? (value as string[]) : []}
            onChange={onChange}
            disabled={ctx.disabled}
          />
        );
      case 'tools':
      case 'knowledge_bases': {
        const choices =
          field.kind === 'tools' ? ctx.tools.map((name) => ({ id: name, name })) : ctx.knowledgeBases;
        const selected = new Set(Array.isArray(value) ? (value as string[]) : []);
        if (choices.length === 0) return <EmptyChoices kind={field.kind} />;
        return (
          <div role="group" aria-labelledby={`${id}-label`} className="space-y-1">
            {choices.map((c) => (
              <label key={c.id} className="flex items-center gap-2 text-[13px]">
                <input
                  type="checkbox"
                  className="size-4 accent-brand"
                  checked={selected.has(c.id)}
                  disabled={ctx.disabled}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.target.checked) next.add(c.id);
                    else next.delete(c.id);
                    onChange(next.size ? [...next] : undefined);
                  }}
                />
                {field.kind === 'tools' ? <code>{c.name}</code> : c.name}
              </label>
            ))}
          </div>
        );
      }
      case 'crm_connection': {
        const chosen = typeof value === 'string' ? value : '';
        const choices = ctx.crmConnections ?? [];
        return (
          <select
            id={id}
            className={control}
            value={chosen}
            onChange={(e) => onChange(e.target.value || undefined)}
            disabled={ctx.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          >
            <option value="">{t('studio.inspector.builtInCrm')}</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            {chosen && !choices.some((c) => c.id === chosen) && (
              <option value={chosen}>{t('studio.inspector.missingCrmConnection')}</option>
            )}
          </select>
        );
      }
      case 'calendar_connection': {
        const chosen = typeof value === 'string' ? value : '';
        const choices = ctx.calendarConnections ?? [];
        return (
          <select
            id={id}
            className={control}
            value={chosen}
            onChange={(e) => onChange(e.target.value || undefined)}
            disabled={ctx.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          >
            <option value="">{t('studio.inspector.chooseCalendar')}</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            {chosen && !choices.some((c) => c.id === chosen) && (
              <option value={chosen}>{t('studio.inspector.missingCrmConnection')}</option>
            )}
          </select>
        );
      }
      case 'calendar': {
        // The calendars of the connection the block chose; its main one when none could be read.
        const chosen = typeof value === 'string' && value ? value : 'primary';
        const connection = typeof ctx.node.connection === 'string' ? ctx.node.connection : '';
        const listed = ctx.calendarConnections?.find((c) => c.id === connection)?.calendars ?? [];
        const choices = listed.length
          ? listed
          : [{ id: 'primary', name: t('studio.inspector.mainCalendar') }];
        return (
          <select
            id={id}
            className={control}
            value={chosen}
            onChange={(e) => onChange(e.target.value === 'primary' ? undefined : e.target.value)}
            disabled={ctx.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          >
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            {!choices.some((c) => c.id === chosen) && <option value={chosen}>{chosen}</option>}
          </select>
        );
      }
      case 'messaging_channel':
      case 'message_template': {
        const chosen = typeof value === 'string' ? value : '';
        const channelId = typeof ctx.node.channelId === 'string' ? ctx.node.channelId : '';
        const choices =
          field.kind === 'messaging_channel'
            ? (ctx.messagingChannels ?? [])
            : (ctx.messageTemplates ?? [])
                .filter((m) => m.channelId === channelId)
                .map((m) => ({ id: m.id, name: `${m.name} (${m.language})` }));
        return (
          <select
            id={id}
            className={control}
            value={chosen}
            onChange={(e) => onChange(e.target.value)}
            disabled={ctx.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          >
            <option value="">
              {field.kind === 'messaging_channel'
                ? t('studio.inspector.chooseChannel')
                : t('studio.inspector.noTemplate')}
            </option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            {chosen && !choices.some((c) => c.id === chosen) && (
              <option value={chosen}>{t('studio.inspector.missingMessagingChoice')}</option>
            )}
          </select>
        );
      }
      case 'transfer_target': {
        const target = ctx.node.target as { kind?: unknown } | undefined;
        if (target?.kind !== 'queue')
          return (
            <input
              id={id}
              className={control}
              value={typeof value === 'string' ? value : ''}
              translate="no"
              onChange={(e) => onChange(e.target.value)}
              disabled={ctx.disabled}
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
            />
          );
        // A queue is named as the project names it: pick one of its queues (a name no queue has any more
        // stays visible, marked, so a deleted queue is noticed rather than silently replaced).
        const chosen = typeof value === 'string' ? value : '';
        const queues = ctx.operatorQueues ?? [];
        return (
          <select
            id={id}
            className={control}
            value={chosen}
            onChange={(e) => onChange(e.target.value)}
            disabled={ctx.disabled}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          >
            <option value="">
              {queues.length > 0 ? t('studio.inspector.chooseQueue') : t('studio.inspector.noQueues')}
            </option>
            {queues.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
            {chosen && !queues.includes(chosen) && (
              <option value={chosen}>{t('studio.inspector.missingQueue', { name: chosen })}</option>
            )}
          </select>
        );
      }
      case 'key_value':
        return <KeyValueInput value={value} onChange={onChange} disabled={ctx.disabled} />;
      case 'list':
        return <ListInput field={field} path={path} value={value} onChange={onChange} ctx={ctx} />;
    }
  })();

  return (
    <div
      data-field={path}
      className={cn(field.kind === 'switch' ? 'flex items-center justify-between gap-3' : 'space-y-1')}
    >
      <label id={`${id}-label`} htmlFor={id} className="block text-xs font-medium text-fg-muted">
        {label}
        {field.required && <span className="text-danger"> *</span>}
      </label>
      {input}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-danger">
          {error}
        </p>
      ) : help ? (
        <p id={`${id}-help`} className="text-[11px] text-fg-subtle">
          <WithCode text={help} />
        </p>
      ) : null}
    </div>
  );
}

function EmptyChoices({ kind }: { kind: 'tools' | 'knowledge_bases' }) {
  const t = useT();
  return (
    <p className="text-xs text-fg-subtle">
      {kind === 'tools' ? t('studio.inspector.noTools') : t('studio.inspector.noKnowledgeBases')}
    </p>
  );
}

function TagsInput({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: string[];
  onChange: (v: unknown) => void;
  disabled: boolean;
}) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft.trim();
    if (tag && !value.includes(tag)) onChange([...value, tag]);
    setDraft('');
  };
  return (
    <div className="flex flex-wrap items-center gap-1 rounded-control border border-border bg-surface p-1">
      {value.map((tag) => (
        <span
          key={tag}
          className="inline-flex items-center gap-1 rounded-md bg-surface-muted px-1.5 py-0.5 text-xs"
        >
          {tag}
          {!disabled && (
            <button
              type="button"
              aria-label={t('studio.inspector.removeTag', { tag })}
              className="text-fg-subtle hover:text-danger"
              onClick={() => onChange(value.length > 1 ? value.filter((v) => v !== tag) : undefined)}
            >
              ×
            </button>
          )}
        </span>
      ))}
      <input
        id={id}
        value={draft}
        disabled={disabled}
        placeholder={t('studio.inspector.addTag')}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          }
        }}
        onBlur={add}
        className="h-6 min-w-24 flex-1 bg-transparent px-1 text-[13px] outline-none"
      />
    </div>
  );
}

function KeyValueInput({
  value,
  onChange,
  disabled,
}: {
  value: unknown;
  onChange: (v: unknown) => void;
  disabled: boolean;
}) {
  const t = useT();
  const entries = Object.entries(
    typeof value === 'object' && value !== null ? (value as Record<string, string>) : {},
  );
  const write = (next: [string, string][]) => onChange(next.length ? Object.fromEntries(next) : undefined);
  return (
    <div className="space-y-1">
      {entries.map(([k, v], i) => (
        <div key={i} className="flex gap-1">
          <input
            className={cn(control, 'font-mono')}
            aria-label={t('studio.inspector.key')}
            value={k}
            disabled={disabled}
            onChange={(e) => write(entries.map((en, j) => (j === i ? [e.target.value, en[1]] : en)))}
          />
          <input
            className={control}
            aria-label={t('studio.inspector.value')}
            value={v}
            disabled={disabled}
            onChange={(e) => write(entries.map((en, j) => (j === i ? [en[0], e.target.value] : en)))}
          />
          <button
            type="button"
            disabled={disabled}
            className="px-1 text-fg-subtle hover:text-danger"
            aria-label={t('studio.inspector.remove')}
            onClick={() => write(entries.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={disabled}
        className="text-xs font-medium text-brand hover:underline"
        onClick={() => write([...entries, [`key${entries.length + 1}`, '']])}
      >
        + {t('studio.inspector.add')}
      </button>
    </div>
  );
}

function ListInput({
  field,
  path,
  value,
  onChange,
  ctx,
}: {
  field: FieldLayout;
  path: string;
  value: unknown;
  onChange: (v: unknown) => void;
  ctx: FieldContext;
}) {
  const t = useT();
  const pickText = usePick();
  const items = Array.isArray(value) ? (value as Data[]) : [];
  const write = (next: Data[]) => onChange(next.length ? next : undefined);
  const addItem = () => {
    const item: Data = {};
    if (field.itemIdPrefix) {
      const taken = new Set(items.map((i) => i.id));
      let n = items.length + 1;
      while (taken.has(`${field.itemIdPrefix}_${n}`)) n++;
      item.id = `${field.itemIdPrefix}_${n}`;
    }
    write([...items, item]);
  };
  return (
    <div className="space-y-2">
      {items.map((item, i) => (
        <fieldset
          key={typeof item.id === 'string' ? item.id : i}
          className="space-y-2 rounded-control border border-border bg-surface-muted/50 p-2"
        >
          <legend className="sr-only">{`${pickText(field.label)} ${i + 1}`}</legend>
          <div className="flex items-center justify-between">
            <span className="font-mono text-[11px] text-fg-subtle">
              {typeof item.id === 'string' ? item.id : `#${i + 1}`}
            </span>
            <span className="flex gap-1">
              <button
                type="button"
                disabled={ctx.disabled || i === 0}
                className="px-1 text-xs text-fg-subtle hover:text-fg disabled:opacity-30"
                aria-label={t('studio.inspector.moveUp')}
                onClick={() =>
                  write(items.map((it, j) => (j === i - 1 ? items[i]! : j === i ? items[i - 1]! : it)))
                }
              >
                ↑
              </button>
              <button
                type="button"
                disabled={ctx.disabled}
                className="px-1 text-xs text-fg-subtle hover:text-danger"
                aria-label={t('studio.inspector.remove')}
                onClick={() => write(items.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </span>
          </div>
          {(field.itemFields ?? [])
            .filter((f) => isShown(f, item, ctx.node))
            .map((sub) => (
              <InspectorField
                key={sub.name}
                field={sub}
                path={`${path}.${i}.${sub.name}`}
                value={readField(item, sub.name)}
                shown={undefined}
                onChange={(v) => write(items.map((it, j) => (j === i ? writeField(it, sub.name, v) : it)))}
                ctx={ctx}
              />
            ))}
        </fieldset>
      ))}
      <button
        type="button"
        disabled={ctx.disabled}
        onClick={addItem}
        className="text-xs font-medium text-brand hover:underline disabled:opacity-50"
      >
        + {t('studio.inspector.add')}
      </button>
    </div>
  );
}

/** Help text with `backticked` parts (values the builder types, such as outcome names) shown as code. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(`[^`]+`)/)
        .map((part, i) =>
          part.startsWith('`') && part.endsWith('`') && part.length > 2 ? (
            <code key={i}>{part.slice(1, -1)}</code>
          ) : (
            part
          ),
        )}
    </>
  );
}
