import { z } from 'zod';
import { defineNode } from '../node-definition';

/** Searches attached knowledge bases and stores the best chunks for a later Say or Agent. */
export const knowledgeNode = defineNode({
  type: 'knowledge',
  label: { ru: 'База знаний', en: 'Knowledge lookup' },
  description: { ru: 'Найти ответ в базе знаний', en: 'Look up an answer in a knowledge base' },
  /** lucide `book-open` */
  iconPath: 'M2 4h6a4 4 0 0 1 4 4v12a3 3 0 0 0-3-3H2zM22 4h-6a4 4 0 0 0-4 4v12a3 3 0 0 1 3-3h7z',
  category: 'integration',
  dataSchema: z.object({
    query: z.string().default('{{last_utterance}}'),
    knowledgeBaseIds: z.array(z.string()).min(1),
    limit: z.number().int().min(1).max(20).default(3),
    minScore: z.number().min(0).max(1).default(0),
    /** Receives [{ text, score, title }]; `<name>_text` receives the best chunk's text. */
    resultVariable: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('knowledge'),
    timeoutMs: z.number().int().positive().optional(),
  }),
  fields: [
    {
      name: 'knowledgeBaseIds',
      kind: 'knowledge_bases',
      required: true,
      label: { ru: 'Базы знаний', en: 'Knowledge bases' },
    },
    { name: 'query', kind: 'text', label: { ru: 'Что искать', en: 'Query' } },
    { name: 'limit', kind: 'number', label: { ru: 'Сколько фрагментов', en: 'Chunks' } },
    { name: 'minScore', kind: 'number', label: { ru: 'Минимальная релевантность', en: 'Minimum score' } },
    { name: 'resultVariable', kind: 'variable', label: { ru: 'Сохранить в', en: 'Save to' } },
  ],
  ports: () => [
    { id: 'found', label: { ru: 'Найдено', en: 'Found' }, kind: 'main' },
    { id: 'not_found', label: { ru: 'Не найдено', en: 'Not found' }, kind: 'fallback' },
  ],
  variables: {
    templateFields: /^query$/,
    sets: (data) => [
      { name: data.resultVariable, field: 'resultVariable', kind: 'knowledge_result', type: 'list' },
      {
        name: `${data.resultVariable}_text`,
        field: 'resultVariable',
        kind: 'knowledge_result',
        type: 'string',
      },
    ],
  },
  listens: () => false,
  references: (data) => ({ knowledgeBases: data.knowledgeBaseIds }),
});
export type KnowledgeData = z.output<typeof knowledgeNode.dataSchema>;
