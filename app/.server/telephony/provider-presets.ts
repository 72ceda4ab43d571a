/**
 * Defaults per carrier. Only values we are sure of are filled in: Zadarma publishes one registrar for
 * everyone; the others hand each customer its own host (in the account or the contract), so the host is
 * left for the user and the hint says where to find it.
 */
export const PROVIDERS = ['zadarma', 'mango', 'exolve', 'beeline', 'megafon', 'generic'] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface ProviderPreset {
  id: Provider;
  label: string;
  /** Empty when the carrier gives each customer its own host. */
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  authMode: 'registration' | 'ip';
  hostHint: { en: string; ru: string };
}

const fromAccount = (where: { en: string; ru: string }) => where;

export const PROVIDER_PRESETS: Record<Provider, ProviderPreset> = {
  zadarma: {
    id: 'zadarma',
    label: 'Zadarma',
    host: 'sip.zadarma.com',
    port: 5060,
    transport: 'udp',
    authMode: 'registration',
    hostHint: { en: 'Zadarma’s registrar for every account.', ru: 'Общий регистратор Zadarma.' },
  },
  mango: {
    id: 'mango',
    label: 'Mango Office',
    host: '',
    port: 5060,
    transport: 'udp',
    authMode: 'registration',
    hostHint: fromAccount({
      en: 'Your SIP domain from the Mango Office account (SIP trunk settings).',
      ru: 'SIP-домен из личного кабинета Mango Office (настройки SIP-транка).',
    }),
  },
  exolve: {
    id: 'exolve',
    label: 'MTS Exolve',
    host: '',
    port: 5060,
    transport: 'udp',
    authMode: 'registration',
    hostHint: fromAccount({
      en: 'The SIP server shown for your SIP account in the MTS Exolve console.',
      ru: 'SIP-сервер из карточки SIP-аккаунта в консоли MTS Exolve.',
    }),
  },
  beeline: {
    id: 'beeline',
    label: 'Beeline',
    host: '',
    port: 5060,
    transport: 'udp',
    authMode: 'registration',
    hostHint: fromAccount({
      en: 'The SIP trunk address from your Beeline contract or Cloud PBX settings.',
      ru: 'Адрес SIP-транка из договора или настроек облачной АТС Билайн.',
    }),
  },
  megafon: {
    id: 'megafon',
    label: 'Megafon',
    host: '',
    port: 5060,
    transport: 'udp',
    authMode: 'registration',
    hostHint: fromAccount({
      en: 'The SIP server from your Megafon virtual PBX or SIP trunk settings.',
      ru: 'SIP-сервер из настроек виртуальной АТС или SIP-транка МегаФона.',
    }),
  },
  generic: {
    id: 'generic',
    label: 'Other SIP carrier',
    host: '',
    port: 5060,
    transport: 'udp',
    authMode: 'registration',
    hostHint: {
      en: 'The registrar or proxy host your carrier gave you.',
      ru: 'Адрес регистратора или прокси, который дал оператор.',
    },
  },
};
