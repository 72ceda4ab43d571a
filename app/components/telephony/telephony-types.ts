/** What the screen receives from its loader (JSON: dates as strings). */
// Type-only imports of the services' shapes, so the screen cannot drift from what they answer.
import type { RegistrationStatus } from '~/.server/telephony/registration-status.server';
import type { PhoneNumberView } from '~/.server/telephony/phone-numbers.server';
import type { SipConnectionView } from '~/.server/telephony/sip-connections.server';

export type RegistrationItem = RegistrationStatus;

/** A connection as the loader sends it (its dates stay on the server). */
export type ConnectionItem = Omit<SipConnectionView, 'createdAt' | 'updatedAt'>;

export interface PresetItem {
  id: string;
  label: string;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  authMode: 'registration' | 'ip';
  hostHint: { en: string; ru: string };
}

/** A number as the loader sends it (its dates stay on the server). */
export type NumberItem = Omit<PhoneNumberView, 'createdAt' | 'updatedAt'>;

export type WorkingHoursItem = NonNullable<NumberItem['workingHours']>;

export interface AgentItem {
  id: string;
  name: string;
  liveVersion: { id: string; number: number } | null;
  versions: { id: string; number: number }[];
}
