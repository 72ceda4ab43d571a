/** The wizard's settings as one object; what is sent to PATCH /campaigns/{id}. */
export interface RetryRule {
  retry: boolean;
  delayMinutes: number;
}
export interface CampaignForm {
  name: string;
  agentId: string;
  connectionId: string;
  callerId: string;
  schedule: {
    weekdays: number[];
    from: string;
    to: string;
    startDate?: string;
    endDate?: string;
    defaultTimezone: string;
  };
  maxConcurrent: number;
  callsPerMinute: number;
  maxAttempts: number;
  retry: Record<'busy' | 'no_answer' | 'failed' | 'machine' | 'not_done', RetryRule>;
  doneCriteria: { field: string; equals: string | boolean } | null;
  machineAction: 'hangup' | 'leave_message' | 'none';
  purpose: string;
  requireConsent: boolean;
}

export const defaultForm = (agentId: string, connectionId: string): CampaignForm => ({
  name: '',
  agentId,
  connectionId,
  callerId: '',
  schedule: { weekdays: [1, 2, 3, 4, 5], from: '10:00', to: '20:00', defaultTimezone: 'Europe/Moscow' },
  maxConcurrent: 2,
  callsPerMinute: 10,
  maxAttempts: 3,
  retry: {
    busy: { retry: true, delayMinutes: 15 },
    no_answer: { retry: true, delayMinutes: 120 },
    failed: { retry: true, delayMinutes: 5 },
    machine: { retry: true, delayMinutes: 240 },
    not_done: { retry: false, delayMinutes: 1440 },
  },
  doneCriteria: null,
  machineAction: 'hangup',
  purpose: '',
  requireConsent: false,
});

/** "true"/"false" typed in the done value mean the booleans the analysis writes. */
export const doneValue = (text: string): string | boolean =>
  text === 'true' ? true : text === 'false' ? false : text;

export const ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
  'Europe/Minsk',
  'Asia/Almaty',
  'Europe/London',
  'America/New_York',
];
