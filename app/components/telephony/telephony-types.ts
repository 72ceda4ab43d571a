/** What the screen receives from its loader (JSON: dates as strings). */
export interface RegistrationItem {
  state: 'registering' | 'registered' | 'failed' | 'stopped' | 'ip_auth';
  sipCode: number | null;
  reason: string;
  at: string;
}

export interface ConnectionItem {
  id: string;
  name: string;
  provider: string;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  authMode: 'registration' | 'ip';
  username: string;
  authUsername: string;
  password: string | null;
  outboundProxy: string;
  codecs: string[];
  callerIdRules: { defaultCallerId: string; format: 'e164' | 'digits' | 'national8' };
  maxConcurrentCalls: number;
  enabled: boolean;
  registration: RegistrationItem | null;
  numberCount: number;
}

export interface PresetItem {
  id: string;
  label: string;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  authMode: 'registration' | 'ip';
  hostHint: { en: string; ru: string };
}

export interface WorkingHoursItem {
  timezone: string;
  days: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;
}

export interface NumberItem {
  id: string;
  address: string;
  kind: 'e164' | 'sip';
  label: string;
  connection: { id: string; name: string } | null;
  agent: { id: string; name: string; liveVersion: number | null } | null;
  pinnedVersion: { id: string; number: number } | null;
  outboundCallerId: string;
  workingHours: WorkingHoursItem | null;
  afterHoursAgent: { id: string; name: string } | null;
  afterHoursMessage: string;
}

export interface AgentItem {
  id: string;
  name: string;
  liveVersion: { id: string; number: number } | null;
  versions: { id: string; number: number }[];
}
