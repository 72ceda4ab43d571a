// Flows a new agent can start from, each in Russian and English. The graphs live as JSON in
// app/agent-templates/ (valid flows with no warnings, laid out left to right, each with a scripted
// conversation in app/agent-templates/conversations/: templates.test.ts checks all of it).
import appointmentBookingEn from '../../agent-templates/appointment-booking.en.json';
import appointmentBookingRu from '../../agent-templates/appointment-booking.ru.json';
import blankEn from '../../agent-templates/blank.en.json';
import blankRu from '../../agent-templates/blank.ru.json';
import inboundSupportEn from '../../agent-templates/inbound-support.en.json';
import inboundSupportRu from '../../agent-templates/inbound-support.ru.json';
import leadQualificationEn from '../../agent-templates/lead-qualification.en.json';
import leadQualificationRu from '../../agent-templates/lead-qualification.ru.json';
import reminderCallEn from '../../agent-templates/reminder-call.en.json';
import reminderCallRu from '../../agent-templates/reminder-call.ru.json';
import { z } from 'zod';

export type TemplateLanguage = 'ru' | 'en';

export interface AgentTemplate {
  id: string;
  language: TemplateLanguage;
  name: string;
  description: string;
  graph: unknown;
}

/** What the template picker shows: everything but the graph, plus its size. */
export interface AgentTemplateSummary {
  id: string;
  language: TemplateLanguage;
  name: string;
  description: string;
  nodeCount: number;
}

export const agentTemplates: readonly AgentTemplate[] = [
  { id: 'blank', language: 'en', name: 'Blank', description: 'A greeting and a goodbye.', graph: blankEn },
  { id: 'blank', language: 'ru', name: 'Пустой', description: 'Приветствие и прощание.', graph: blankRu },
  {
    id: 'inbound-support',
    language: 'en',
    name: 'Inbound support',
    description:
      'Greets the caller, asks what the call is about and answers questions with the AI agent (attach your knowledge base to it); on request transfers to the support queue with a summary for the operator, then says goodbye.',
    graph: inboundSupportEn,
  },
  {
    id: 'inbound-support',
    language: 'ru',
    name: 'Входящая поддержка',
    description:
      'Приветствует абонента, выясняет тему обращения и отвечает на вопросы с помощью ИИ-агента (подключите к нему свою базу знаний); по просьбе переводит на очередь поддержки со сводкой для оператора, затем прощается.',
    graph: inboundSupportRu,
  },
  {
    id: 'appointment-booking',
    language: 'en',
    name: 'Appointment booking',
    description:
      'Asks for the service, date and time (within opening hours, asking again when not understood), confirms with yes or no and ends the call as booked; hands over to reception when the caller cannot be understood.',
    graph: appointmentBookingEn,
  },
  {
    id: 'appointment-booking',
    language: 'ru',
    name: 'Запись на приём',
    description:
      'Спрашивает услугу, дату и время (в часы приёма, с повторным вопросом, если ответ не понят), подтверждает ответом «да» или «нет» и завершает звонок с итогом booked; если абонента не удаётся понять, переводит на администратора.',
    graph: appointmentBookingRu,
  },
  {
    id: 'lead-qualification',
    language: 'en',
    name: 'Lead qualification',
    description:
      'Asks for the name, company size, budget and timeline, scores the lead and transfers qualified leads to sales with a summary; the others end as nurture.',
    graph: leadQualificationEn,
  },
  {
    id: 'lead-qualification',
    language: 'ru',
    name: 'Квалификация лидов',
    description:
      'Спрашивает имя, численность компании, бюджет и сроки, оценивает лид и переводит подходящих в отдел продаж со сводкой; остальные звонки завершаются с итогом nurture.',
    graph: leadQualificationRu,
  },
  {
    id: 'reminder-call',
    language: 'en',
    name: 'Appointment reminder (outbound)',
    description:
      'Greets the customer by name, reminds them of their appointment and lets them confirm, reschedule or cancel by voice or keypad. Fill in the variables name, appointment_date and appointment_time for each call.',
    graph: reminderCallEn,
  },
  {
    id: 'reminder-call',
    language: 'ru',
    name: 'Напоминание о записи (исходящий)',
    description:
      'Обращается к клиенту по имени, напоминает о записи и позволяет подтвердить, перенести или отменить её голосом или кнопками телефона. Для каждого звонка заполните переменные name, appointment_date и appointment_time.',
    graph: reminderCallRu,
  },
];

export function findTemplate(id: string, language: TemplateLanguage): AgentTemplate | undefined {
  return agentTemplates.find((t) => t.id === id && t.language === language);
}

function nodeCountOf(graph: unknown): number {
  const nodes = (graph as { nodes?: unknown }).nodes;
  return Array.isArray(nodes) ? nodes.length : 0;
}

/** `GET …/agent-templates?language=ru|en`; without `language`, templates of both languages. */
export const templateListQuery = z.object({ language: z.enum(['ru', 'en']).optional() });

/** Templates for the picker, optionally of one language, in the order above. */
export function listTemplates(language?: TemplateLanguage): AgentTemplateSummary[] {
  return agentTemplates
    .filter((t) => language === undefined || t.language === language)
    .map(({ id, language: lang, name, description, graph }) => ({
      id,
      language: lang,
      name,
      description,
      nodeCount: nodeCountOf(graph),
    }));
}
