import { useNavigate } from '@remix-run/react';
import { useState, type ReactNode } from 'react';
import { api } from '~/components/api/api-client';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { ApiFormDialog } from '~/components/api/api-form-dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { useT } from '~/i18n';
import { listOf, type ContactItem, type FieldItem } from './crm-types';
import { CustomFieldInputs, customFieldValues } from './custom-field-inputs';

interface Props {
  projectId: string;
  trigger: ReactNode;
  /** Editing this contact; without it a new one is created and opened. */
  contact?: ContactItem;
  fields: FieldItem[];
  /** The project's members, who can own a contact. */
  members?: { id: string; name: string }[];
}

const NOBODY = '_none';

/** New contact or edit one: name, company, phones, emails, tags and the project's custom fields. */
export function ContactDialog({ projectId, trigger, contact, fields, members = [] }: Props) {
  const t = useT();
  const navigate = useNavigate();
  const custom = fields.filter((f) => f.entity === 'contact');
  const [ownerId, setOwnerId] = useState(contact?.ownerId ?? NOBODY);
  const submit = async (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const body = {
      name: text('name'),
      company: text('company'),
      phones: listOf(text('phones')),
      emails: listOf(text('emails')),
      tags: listOf(text('tags')),
      fields: customFieldValues(form, custom),
      ownerId: ownerId === NOBODY ? null : ownerId,
    };
    const base = `/api/v1/projects/${projectId}/crm/contacts` as const;
    if (contact) return api(`${base}/${contact.id}`, { method: 'PATCH', json: body });
    const created = await api(base, { method: 'POST', json: body });
    if (created.ok)
      navigate(`/p/${projectId}/crm/contacts/${(created.data as { contact: { id: string } }).contact.id}`);
    return created;
  };
  return (
    <ApiFormDialog
      formId={contact ? `contact-form-${contact.id}` : 'contact-form'}
      trigger={trigger}
      size="lg"
      title={contact ? t('crm.contact.edit') : t('crm.contacts.add')}
      submitLabel={t('crm.contact.save')}
      submit={submit}
      formClassName="grid gap-4 sm:grid-cols-2"
    >
      {(failure) => {
        const error = apiFieldMessages(t, failure, 'crm');
        const phoneError = Object.keys(failure?.fields ?? {}).some((k) => k.startsWith('phones'))
          ? t('crm.fieldErrors.phones')
          : undefined;
        return (
          <>
            <FormField label={t('crm.contacts.name')}>
              <Input name="name" defaultValue={contact?.name ?? ''} />
            </FormField>
            <FormField label={t('crm.contacts.company')}>
              <Input name="company" defaultValue={contact?.company ?? ''} />
            </FormField>
            <FormField label={t('crm.contacts.phones')} hint={t('crm.contacts.commaHint')} error={phoneError}>
              <Input name="phones" defaultValue={contact?.phones.join(', ') ?? ''} inputMode="tel" />
            </FormField>
            <FormField
              label={t('crm.contacts.emails')}
              hint={t('crm.contacts.commaHint')}
              error={error('emails')}
            >
              <Input name="emails" defaultValue={contact?.emails.join(', ') ?? ''} />
            </FormField>
            <FormField
              label={t('crm.contacts.tags')}
              hint={t('crm.contacts.commaHint')}
              className="sm:col-span-2"
            >
              <Input name="tags" defaultValue={contact?.tags.join(', ') ?? ''} />
            </FormField>
            {members.length > 0 && (
              <FormField label={t('crm.contact.owner')} error={error('ownerId')}>
                <Select
                  value={ownerId}
                  onValueChange={setOwnerId}
                  options={[
                    { value: NOBODY, label: t('crm.contact.noOwner') },
                    ...members.map((m) => ({ value: m.id, label: m.name })),
                  ]}
                />
              </FormField>
            )}
            <CustomFieldInputs
              fields={custom}
              values={contact?.fields}
              failure={failure}
              idPrefix={contact ? `contact-${contact.id}` : 'contact-new'}
            />
          </>
        );
      }}
    </ApiFormDialog>
  );
}
