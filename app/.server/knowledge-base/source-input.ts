import { z } from 'zod';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export const createKnowledgeBaseInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
  description: z.string().trim().max(1000, 'At most 1000 characters').default(''),
});

/** A rename (and a new description): the same limits as at creation; a field left out keeps its value. */
export const updateKnowledgeBaseInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
  description: z.string().trim().max(1000, 'At most 1000 characters').optional(),
});

export const urlSourceInput = z.object({
  url: z
    .url({ error: 'Enter a full address such as https://example.com/faq' })
    .refine((u) => /^https?:\/\//i.test(u), 'Only http and https addresses'),
  /** 0 = this page only; 1+ = follow links within the site up to this depth. */
  crawlDepth: z.number().int().min(0).max(5).default(0),
  crawlMaxPages: z.number().int().min(1).max(500).default(1),
  /** Re-sync every N hours; null = only on demand. */
  syncIntervalHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .nullish(),
});
export type UrlSourceInput = z.infer<typeof urlSourceInput>;

export const qaSourceInput = z.object({
  question: z.string().trim().min(3, 'Write the question').max(1000, 'At most 1000 characters'),
  answer: z.string().trim().min(1, 'Write the answer').max(5000, 'At most 5000 characters'),
  /** The call this correction came from ("add to knowledge base" in the Inbox). */
  originCallId: z.uuid().nullish(),
});
export type QaSourceInput = z.infer<typeof qaSourceInput>;

/** A Q&A entry's new question and answer (re-indexed at once). */
export const qaSourceUpdateInput = qaSourceInput.pick({ question: true, answer: true });

/** A source sent as JSON: a web page or site, or a Q&A entry. */
export const jsonSourceInput = z.discriminatedUnion('kind', [
  urlSourceInput.extend({ kind: z.literal('url') }),
  qaSourceInput.extend({ kind: z.literal('qa') }),
]);

/** A source sent as a file (multipart/form-data); the route reads it under MAX_UPLOAD_BYTES. */
export const fileSourceForm = z.object({
  file: z.file().describe('PDF, DOCX, TXT, Markdown, HTML or CSV, up to 20 MB'),
});

export const searchInput = z.object({
  query: z.string().trim().min(1, 'Type what to search for').max(500),
  knowledgeBaseIds: z.array(z.uuid()).max(50).optional(),
  sourceIds: z.array(z.uuid()).max(200).optional(),
  limit: z.number().int().min(1).max(20).default(5),
});
