import { useState, type ReactNode } from 'react';
import { api } from '~/components/api/api-client';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { ApiFormDialog } from '~/components/api/api-form-dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { useLocale, useT } from '~/i18n';
import { CURRENCIES } from '~/lib/crm/crm-values';
import type { DealItem, FieldItem, PipelineItem } from './crm-types';
import { CustomFieldInputs, customFieldValues } from './custom-field-inputs';

interface Props {
  projectId: string;
  trigger: ReactNode;
  pipeline: PipelineItem;
  /** The project's custom fields (those of deals are shown). */
  fields: FieldItem[];
  /** Editing this deal; without it a new one is created in the pipeline. */
  deal?: DealItem;
}

/** New deal or edit one: title, amount, currency, stage, close date and the deals' custom fields. */
export function DealDialog({ projectId, trigger, pipeline, fields, deal }: Props) {
  const t = useT();
  const locale = useLocale();
  // Currencies by name in the page's language («российский рубль»), not by their ISO code.
  const currencyName = new Intl.DisplayNames([locale], { type: 'currency' });
  const custom = fields.filter((f) => f.entity === 'deal');
  const [stageId, setStageId] = useState(deal?.stageId ?? pipeline.stages[0]?.id ?? '');
  const [currency, setCurrency] = useState<string>(deal?.currency ?? 'RUB');
  const formId = deal ? `deal-form-${deal.id}` : 'deal-form';
  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const amount = text('amount').replace(',', '.').replace(/\s/g, '');
    const body = {
      title: text('title'),
      amount: amount ? Number(amount) : null,
      currency,
      stageId,
      closeDate: text('closeDate') || null,
      fields: customFieldValues(form, custom),
    };
    const base = `/api/v1/projects/${projectId}/crm/deals` as const;
    return deal
      ? api(`${base}/${deal.id}`, { method: 'PATCH', json: body })
      : api(base, { method: 'POST', json: { ...body, pipelineId: pipeline.id } });
  };
  return (
    <ApiFormDialog
      formId={formId}
      title={deal ? t('crm.deals.editTitle', { title: deal.title }) : t('crm.deals.add')}
      trigger={trigger}
      submitLabel={t('crm.contact.save')}
      formClassName="grid gap-4 sm:grid-cols-2"
      submit={submit}
    >
      {(failure) => {
        const error = apiFieldMessages(t, failure, 'crm');
        return (
          <>
            <FormField label={t('crm.deals.title')} error={error('title')} className="sm:col-span-2">
              <Input name="title" defaultValue={deal?.title ?? ''} />
            </FormField>
            <FormField label={t('crm.deals.amount')} error={error('amount')}>
              <Input name="amount" inputMode="decimal" defaultValue={deal?.amount ?? ''} />
            </FormField>
            <FormField label={t('crm.deals.currency')}>
              <Select
                value={currency}
                onValueChange={setCurrency}
                options={CURRENCIES.map((c) => ({ value: c, label: currencyName.of(c) ?? c }))}
              />
            </FormField>
            <FormField label={t('crm.deals.stage')}>
              <Select
                value={stageId}
                onValueChange={setStageId}
                options={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
              />
            </FormField>
            <FormField label={t('crm.deals.closeDate')} error={error('closeDate')}>
              <Input name="closeDate" type="date" defaultValue={deal?.closeDate ?? ''} />
            </FormField>
            <CustomFieldInputs fields={custom} values={deal?.fields} failure={failure} idPrefix={formId} />
          </>
        );
      }}
    </ApiFormDialog>
  );
}
