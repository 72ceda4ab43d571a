import { z } from 'zod';
import { transferTargetSchema } from '../../graph/flow-settings';
import { defineNode } from '../node-definition';

/**
 * Hands the call to a person. The node emits a `transfer` command and the flow waits: `operator_joined`
 * ends the flow's control of the call; a failed transfer, reported by the media server as a `tool_result`
 * event with `callId: "transfer"` and `ok: false`, continues through the `failed` port (or, when that port
 * is not connected, a spoken fallback and a hangup).
 */
export const transferNode = defineNode({
  type: 'transfer',
  label: { ru: 'Перевод на оператора', en: 'Transfer' },
  description: { ru: 'Передать звонок человеку', en: 'Hand the call to a person' },
  /** lucide `phone-forwarded` */
  iconPath:
    'M14 6h8M18 2l4 4-4 4M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1 1 .4 1.9.7 2.8a2 2 0 0 1-.5 2.1L8 9.9a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.8.7a2 2 0 0 1 1.7 2',
  category: 'handoff',
  terminal: true,
  dataSchema: z.object({
    target: transferTargetSchema,
    mode: z.enum(['warm', 'cold']).default('warm'),
    message: z.string().default(''),
    reason: z.string().trim().min(1).default('transfer_node'),
    /** Template for the operator's summary; an automatic one (reason + collected slots) when empty. */
    summary: z.string().default(''),
  }),
  fields: [
    {
      name: 'target.kind',
      kind: 'select',
      required: true,
      label: { ru: 'Куда переводить', en: 'Transfer to' },
      options: [
        { value: 'queue', label: { ru: 'Очередь операторов', en: 'Operator queue' } },
        { value: 'number', label: { ru: 'Номер телефона', en: 'Phone number' } },
        { value: 'sip', label: { ru: 'SIP-адрес', en: 'SIP address' } },
      ],
    },
    {
      name: 'target.value',
      kind: 'transfer_target',
      required: true,
      label: { ru: 'Очередь, номер или адрес', en: 'Queue, number or address' },
    },
    {
      name: 'mode',
      kind: 'select',
      label: { ru: 'Тип перевода', en: 'Mode' },
      options: [
        { value: 'warm', label: { ru: 'С представлением', en: 'Warm' } },
        { value: 'cold', label: { ru: 'Без представления', en: 'Cold' } },
      ],
    },
    {
      name: 'message',
      kind: 'textarea',
      label: { ru: 'Фраза перед переводом', en: 'Message before transfer' },
    },
    { name: 'reason', kind: 'text', label: { ru: 'Причина', en: 'Reason' } },
    {
      name: 'summary',
      kind: 'textarea',
      label: { ru: 'Сводка для оператора', en: 'Summary for the operator' },
    },
  ],
  ports: () => [{ id: 'failed', label: { ru: 'Не удалось', en: 'Failed' }, kind: 'fallback' }],
  variables: { templateFields: /^(message|summary|target\.value)$/ },
  handoffFailedPort: 'failed',
  listens: () => false,
});
export type TransferData = z.output<typeof transferNode.dataSchema>;
