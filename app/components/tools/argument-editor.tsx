import { useState } from 'react';
import { Button } from '~/components/ui/button';
import { Checkbox } from '~/components/ui/checkbox';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '~/components/ui/tabs';
import { Textarea } from '~/components/ui/textarea';
import { useT } from '~/i18n';
import { rowsFromSchema, schemaFromRows } from './argument-schema';
import { ARG_TYPES, type ArgRow, type ArgType } from './tool-types';

interface Props {
  /** The JSON Schema object; null while the JSON tab holds text that is not one. */
  value: Record<string, unknown>;
  onChange: (schema: Record<string, unknown> | null) => void;
}

/**
 * The tool's arguments, edited as a form (name, type, description, required) or as JSON Schema. A schema
 * the form cannot show (nested objects, enums) opens on the JSON tab and is kept as written.
 */
export function ArgumentEditor({ value, onChange }: Props) {
  const t = useT();
  const initialRows = rowsFromSchema(value);
  const [tab, setTab] = useState<'form' | 'json'>(initialRows ? 'form' : 'json');
  const [rows, setRows] = useState<ArgRow[]>(initialRows ?? []);
  const [json, setJson] = useState(() => JSON.stringify(value, null, 2));
  const [jsonError, setJsonError] = useState(false);

  const setFromRows = (next: ArgRow[]) => {
    setRows(next);
    const schema = schemaFromRows(next);
    setJson(JSON.stringify(schema, null, 2));
    setJsonError(false);
    onChange(schema);
  };
  const update = (index: number, patch: Partial<ArgRow>) =>
    setFromRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const setFromJson = (text: string) => {
    setJson(text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const ok =
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as { type?: unknown }).type === 'object' &&
      typeof (parsed as { properties?: unknown }).properties === 'object';
    setJsonError(!ok);
    onChange(ok ? (parsed as Record<string, unknown>) : null);
    const nextRows = ok ? rowsFromSchema(parsed) : null;
    if (nextRows) setRows(nextRows);
  };

  return (
    <Tabs value={tab} onValueChange={(next) => setTab(next === 'json' ? 'json' : 'form')}>
      <TabsList>
        <TabsTrigger value="form" disabled={jsonError || rowsFromSchema(value) === null}>
          {t('tools.form.argumentsForm')}
        </TabsTrigger>
        <TabsTrigger value="json">{t('tools.form.argumentsJson')}</TabsTrigger>
      </TabsList>
      <TabsContent value="form" className="space-y-2 pt-2">
        {rows.length === 0 && <p className="text-xs text-fg-muted">{t('tools.form.argumentsEmpty')}</p>}
        {rows.map((row, index) => (
          <div
            key={index}
            className="grid grid-cols-[1fr_8rem_1.5fr_auto_auto] items-center gap-2"
            data-testid="tool-arg"
          >
            <Input
              aria-label={t('tools.form.argName')}
              placeholder={t('tools.form.argName')}
              value={row.name}
              onChange={(e) => update(index, { name: e.target.value })}
            />
            <Select
              aria-label={t('tools.form.argType')}
              value={row.type}
              onValueChange={(type) => update(index, { type: type as ArgType })}
              options={ARG_TYPES.map((type) => ({ value: type, label: t(`tools.form.types.${type}`) }))}
            />
            <Input
              aria-label={t('tools.form.argDescription')}
              placeholder={t('tools.form.argDescription')}
              value={row.description}
              onChange={(e) => update(index, { description: e.target.value })}
            />
            <label className="flex items-center gap-1 text-xs text-fg-muted">
              <Checkbox
                checked={row.required}
                onCheckedChange={(checked) => update(index, { required: checked === true })}
              />
              {t('tools.form.argRequired')}
            </label>
            <Button
              type="button"
              variant="ghost"
              size="sm"
              aria-label={t('tools.form.removeArgument')}
              onClick={() => setFromRows(rows.filter((_, i) => i !== index))}
            >
              ×
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() =>
            setFromRows([...rows, { name: '', type: 'string', description: '', required: false }])
          }
        >
          {t('tools.form.addArgument')}
        </Button>
      </TabsContent>
      <TabsContent value="json" className="pt-2">
        <Textarea
          aria-label={t('tools.form.argumentsJson')}
          className="font-mono text-xs"
          rows={8}
          value={json}
          onChange={(e) => setFromJson(e.target.value)}
          aria-invalid={jsonError}
        />
        {jsonError && (
          <p className="mt-1 text-xs text-danger" role="alert">
            {t('tools.form.jsonInvalid')}
          </p>
        )}
      </TabsContent>
    </Tabs>
  );
}
