import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '~/i18n';
import { en } from '~/i18n/en';
import { ru } from '~/i18n/ru';
import { auditActionLabel, auditTargetLabel } from './audit-words';

// Issue 18 item 8: the audit log showed its codes ("crm.contact.merge", "knowledge_base"). Every code the
// server writes has words in both languages: the codes are read from the server's source, so a new one
// without words fails here.
const serverRoot = resolve(import.meta.dirname, '..', '.server');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.includes('.test.') ? [path] : [];
  });
}
const code = sources(serverRoot)
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const actions = [...new Set([...code.matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1] ?? ''))];
const targets = [...new Set([...code.matchAll(/targetType: '([a-z_]+)'/g)].map((m) => m[1] ?? ''))];

describe('audit words', () => {
  const tEn = createTranslator('en', en);
  const tRu = createTranslator('ru', ru);

  it('finds the codes the server writes', () => {
    expect(actions).toContain('agent.publish');
    expect(targets).toContain('knowledge_base');
  });

  it.each(actions)('action %s has words in English and Russian', (action) => {
    expect(auditActionLabel(tEn, action)).not.toBe(action);
    expect(auditActionLabel(tRu, action)).toMatch(/[а-яё]/i);
  });

  it.each(targets)('target type %s has words in English and Russian', (target) => {
    expect(auditTargetLabel(tEn, target)).not.toBe(target);
    expect(auditTargetLabel(tRu, target)).toMatch(/[а-яё]/i);
  });

  it('shows a code it does not know as itself', () => {
    expect(auditActionLabel(tRu, 'something.new')).toBe('something.new');
  });
});
