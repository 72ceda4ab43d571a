import { describe, expect, it } from 'vitest';
import { nodeDefinitions, nodeRegistry } from './registry';

// Every folder under nodes/ holds one node type; a folder that is not registered is a type the canvas
// and the runtime would silently ignore.
const definitionFiles = Object.keys(import.meta.glob('./*/*.node.ts'));
const handlerFiles = Object.keys(import.meta.glob('./*/*.handler.ts'));
const testFiles = Object.keys(import.meta.glob('./*/*.test.ts'));
const folders = [...new Set(definitionFiles.map((path) => path.split('/')[1] ?? ''))];
const typeOfFolder = (folder: string) => folder.replaceAll('-', '_');

describe('node registry', () => {
  it('registers every folder under nodes/', () => {
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders)
      expect(Object.keys(nodeRegistry), `nodes/${folder}`).toContain(typeOfFolder(folder));
  });

  it('has a folder with definition, handler and test for every registered type', () => {
    for (const type of Object.keys(nodeRegistry)) {
      const folder = type.replaceAll('_', '-');
      expect(definitionFiles, type).toContain(`./${folder}/${folder}.node.ts`);
      expect(handlerFiles, type).toContain(`./${folder}/${folder}.handler.ts`);
      expect(testFiles, type).toContain(`./${folder}/${folder}.test.ts`);
    }
  });

  it('keys each entry by its definition type', () => {
    for (const [key, entry] of Object.entries(nodeRegistry)) expect(entry.definition.type).toBe(key);
  });

  it('gives every type what the canvas needs in both languages', () => {
    for (const definition of nodeDefinitions) {
      expect(definition.label.ru && definition.label.en, definition.type).toBeTruthy();
      expect(definition.description.ru && definition.description.en, definition.type).toBeTruthy();
      expect(definition.iconPath, definition.type).toMatch(/^M[\d\s.,a-zA-Z-]+$/);
      for (const field of definition.fields)
        expect(field.label.ru && field.label.en, `${definition.type}.${field.name}`).toBeTruthy();
    }
  });
});
