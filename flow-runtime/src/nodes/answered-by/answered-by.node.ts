import { z } from 'zod';
import { defineNode } from '../node-definition';

/** The values the media server's answering-machine detector gives `answered_by` on outbound calls. */
export const ANSWERED_BY = ['human', 'machine', 'unknown'] as const;
export type AnsweredBy = (typeof ANSWERED_BY)[number];

/**
 * Branches an outbound call on who picked up: a person, an answering machine, or no verdict. The media
 * server decides within about 3 s of the answer and starts the flow with `answered_by` set; calls without
 * detection (inbound, the test console) take the `unknown` branch.
 */
export const answeredByNode = defineNode({
  type: 'answered_by',
  label: { ru: 'Человек или автоответчик', en: 'Human or machine' },
  description: {
    ru: 'Ветвление по тому, кто ответил на исходящий звонок',
    en: 'Branch on who answered an outbound call',
  },
  /** lucide `voicemail` */
  iconPath:
    'M2 11.5a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0M13 11.5a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0M6.5 16h11',
  category: 'logic',
  dataSchema: z.object({}),
  fields: [],
  ports: () => [
    { id: 'human', label: { ru: 'Человек', en: 'Person' }, kind: 'branch' },
    { id: 'machine', label: { ru: 'Автоответчик', en: 'Answering machine' }, kind: 'branch' },
    { id: 'unknown', label: { ru: 'Не определено', en: 'Unknown' }, kind: 'branch' },
  ],
  listens: () => false,
});
export type AnsweredByData = z.output<typeof answeredByNode.dataSchema>;
