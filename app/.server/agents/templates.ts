// Flows a new agent can start from, each in Russian and English. The graphs live as JSON in
// app/agent-templates/ (valid flows: a test validates every one).
import blankEn from '../../agent-templates/blank.en.json';
import blankRu from '../../agent-templates/blank.ru.json';

export type TemplateLanguage = 'ru' | 'en';

export interface AgentTemplate {
  id: string;
  language: TemplateLanguage;
  name: string;
  description: string;
  graph: unknown;
}

export const agentTemplates: readonly AgentTemplate[] = [
  { id: 'blank', language: 'en', name: 'Blank', description: 'A greeting and a goodbye.', graph: blankEn },
  { id: 'blank', language: 'ru', name: 'Пустой', description: 'Приветствие и прощание.', graph: blankRu },
];

export function findTemplate(id: string, language: TemplateLanguage): AgentTemplate | undefined {
  return agentTemplates.find((t) => t.id === id && t.language === language);
}
