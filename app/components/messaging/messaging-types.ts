// What the messages screen shows: the API's views (app/.server/messaging), as the page's loader hands them over.
export interface ChannelItem {
  id: string;
  name: string;
  kind: 'smsru' | 'smsc' | 'smpp' | 'telegram' | 'smtp';
  settings: { from?: string; host?: string; port?: number; tls?: string; user?: string; systemType?: string };
  enabled: boolean;
}
export interface TemplateItem {
  id: string;
  channelId: string;
  name: string;
  language: string;
  body: string;
}
export interface MessageItem {
  id: string;
  channelId: string;
  to: string;
  text: string;
  status: 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'refused' | 'review';
  reason: string | null;
  segments: number;
  callId: string | null;
  campaignId: string | null;
  deferredUntil: string | null;
  queuedAt: string;
}
export const nativeSelect =
  'h-9 w-full rounded-control border border-border bg-surface px-3 text-sm text-fg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent';
