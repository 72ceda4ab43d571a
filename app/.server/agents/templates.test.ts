// Every template: a valid flow with no warnings, laid out top to bottom without overlaps (fitting a screen), Russian written
// with the formal «Вы», registered in both languages, and talked through by scripted conversations.
import { describe, expect, it } from 'vitest';
import {
  createFakePorts,
  initialState,
  nodeRegistry,
  parseFlowOrThrow,
  runTurn,
  validateFlow,
  type Flow,
  type JsonValue,
} from '#flow-runtime/index';
import type { ConversationScript, ExpectedCommand } from '#flow-runtime/testing/conversation-script';
import { cardSize } from '../../components/studio/lib/card-size';
import { agentTemplates, findTemplate, listTemplates } from './templates';

/** A template's conversation may start with variables a campaign would pass (name, appointment date). */
type TemplateConversation = ConversationScript & { flow: string; variables?: Record<string, JsonValue> };

const files = import.meta.glob<unknown>('../../agent-templates/*.json', { eager: true, import: 'default' });
const scripts = import.meta.glob<TemplateConversation>('../../agent-templates/conversations/*.json', {
  eager: true,
  import: 'default',
});
const fileName = (path: string) => path.split('/').pop() ?? '';
/** Not offered as templates: the seeded demo agent's flow. */
const NOT_TEMPLATES = ['demo-receptionist.ru.json'];

function nodeBox(flow: Flow, id: string) {
  const node = flow.nodes.find((n) => n.id === id);
  if (!node) throw new Error(id);
  const definition = nodeRegistry[node.type as keyof typeof nodeRegistry].definition;
  const ports = definition.ports(definition.dataSchema.parse(node.data) as never).length;
  return { ...node.position, ...cardSize(ports) };
}

/**
 * The studio's canvas on a 1440×900 screen: the palette (224 px) and the side panel (384 px) beside it, the
 * studio's header (46 px) above; the first view fits the flow with 10% padding (flow-canvas.tsx).
 */
const CANVAS_1440x900 = { width: 1440 - 224 - 384, height: 900 - 46 };
const FIT_PADDING = 0.1;

/** What the bot says (not what the caller is expected to say, such as example phrases). */
const SPOKEN_FIELDS = [
  'text',
  'prompt',
  'noMatchPrompt',
  'noInputPrompt',
  'firstMessage',
  'fallbackAnswer',
  'message',
];
function spokenTexts(flow: Flow): string[] {
  return flow.nodes.flatMap((node) =>
    SPOKEN_FIELDS.map((field) => node.data[field]).filter(
      (value): value is string => typeof value === 'string',
    ),
  );
}

function expectCommand(actual: unknown, expected: ExpectedCommand, where: string): void {
  const { textIncludes, ...shape } = expected;
  expect(actual, where).toMatchObject(shape);
  if (textIncludes !== undefined) expect((actual as { text?: string }).text, where).toContain(textIncludes);
}

describe('agent templates', () => {
  it('registers every template file, each id in Russian and English', () => {
    const registered = new Set(agentTemplates.map((t) => `${t.id}.${t.language}.json`));
    const onDisk = Object.keys(files)
      .map(fileName)
      .filter((name) => !NOT_TEMPLATES.includes(name));
    expect([...registered].sort()).toEqual(onDisk.sort());
    const ids = [...new Set(agentTemplates.map((t) => t.id))];
    expect(ids).toEqual(
      expect.arrayContaining([
        'blank',
        'inbound-support',
        'appointment-booking',
        'lead-qualification',
        'reminder-call',
      ]),
    );
    for (const id of ids) {
      expect(findTemplate(id, 'ru'), id).toBeDefined();
      expect(findTemplate(id, 'en'), id).toBeDefined();
    }
    expect(registered.size).toBe(agentTemplates.length);
  });

  it('lists summaries with node counts, optionally of one language', () => {
    const all = listTemplates();
    expect(all).toHaveLength(agentTemplates.length);
    const support = listTemplates('ru').find((t) => t.id === 'inbound-support');
    expect(support).toMatchObject({ language: 'ru', name: 'Входящая поддержка' });
    expect(support?.nodeCount).toBe((findTemplate('inbound-support', 'ru')?.graph as Flow).nodes.length);
    expect(listTemplates('en').every((t) => t.language === 'en')).toBe(true);
  });

  for (const template of agentTemplates) {
    const key = `${template.id}.${template.language}`;
    describe(key, () => {
      const flow = parseFlowOrThrow(template.graph);

      it('is a valid flow with no errors and no warnings, in its own language', () => {
        expect(validateFlow(template.graph)).toEqual({ errors: [], warnings: [] });
        expect(flow.settings.language).toBe(template.language);
        expect(template.name.trim()).not.toBe('');
        expect(template.description.trim()).not.toBe('');
      });

      it('is laid out from Start, top to bottom in columns, without overlaps, to fit a 1440×900 screen', () => {
        const boxes = flow.nodes.map((node) => ({ id: node.id, ...nodeBox(flow, node.id) }));
        // Start heads its column: nothing above it.
        const start = nodeBox(flow, 'start');
        for (const b of boxes)
          if (b.x < start.x + start.width && start.x < b.x + b.width)
            expect(b.y, b.id).toBeGreaterThanOrEqual(start.y);
        for (const [i, a] of boxes.entries())
          for (const b of boxes.slice(i + 1)) {
            const apart =
              a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
            expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
          }
        const width = Math.max(...boxes.map((b) => b.x + b.width)) - Math.min(...boxes.map((b) => b.x));
        const height = Math.max(...boxes.map((b) => b.y + b.height)) - Math.min(...boxes.map((b) => b.y));
        // xyflow's fitView zoom: the bounds plus padding scaled into the canvas.
        const zoom = Math.min(
          CANVAS_1440x900.width / (width * (1 + FIT_PADDING)),
          CANVAS_1440x900.height / (height * (1 + FIT_PADDING)),
        );
        console.log(
          `${key}: ${flow.nodes.length} blocks, ${width}×${height} px, fits at ${Math.round(zoom * 100)}%`,
        );
        // Issue 29: the 14-block booking template fits at 60% or more; every template stays readable.
        expect(zoom).toBeGreaterThanOrEqual(template.id === 'appointment-booking' ? 0.6 : 0.5);
      });

      if (template.language === 'ru') {
        it('addresses the caller with the formal, capitalised «Вы»', () => {
          const lower =
            /(?<![а-яё])(вы|вас|вам|вами|ваш|ваша|ваше|ваши|вашего|вашей|вашему|вашим|вашими|вашу|ваших)(?![а-яё])/u;
          const texts = spokenTexts(flow);
          expect(texts.length).toBeGreaterThan(0);
          for (const text of texts) expect(text).not.toMatch(lower);
        });
      }

      it('has a scripted conversation in its language', () => {
        const own = Object.values(scripts).filter((script) => script.flow === key);
        if (template.id !== 'blank') expect(own.length).toBeGreaterThan(0);
      });
    });
  }
});

describe('template conversations', () => {
  for (const [path, script] of Object.entries(scripts)) {
    it(`${fileName(path)}: ${script.description}`, async () => {
      const [id, language] = script.flow.split('.');
      const template = findTemplate(id ?? '', language === 'en' ? 'en' : 'ru');
      expect(template, script.flow).toBeDefined();
      expect(fileName(path).startsWith(`${script.flow}.`)).toBe(true);
      const flow = parseFlowOrThrow(template?.graph);
      const ports = createFakePorts({ ...script.ports, tickMs: 1 });
      let state = initialState(flow);
      state = { ...state, variables: { ...state.variables, ...script.variables } };
      for (const [index, turn] of script.turns.entries()) {
        const where = `turn ${index + 1} (${turn.event.type})`;
        const result = await runTurn(flow, state, turn.event, ports);
        state = result.state;
        const summary = JSON.stringify(result.commands, null, 1);
        expect(result.commands.length, `${where}: ${summary}`).toBe(turn.expect.length);
        turn.expect.forEach((expected, position) =>
          expectCommand(result.commands[position], expected, `${where} #${position + 1}: ${summary}`),
        );
        if (turn.expectState) expect(state, where).toMatchObject(turn.expectState);
        const trace = turn.expectTrace;
        if (trace?.path)
          expect(
            result.trace.path.map((step) => step.nodeId),
            where,
          ).toEqual(trace.path);
        if (trace?.llmCalls !== undefined) expect(result.trace.llmCalls.length, where).toBe(trace.llmCalls);
      }
      expect(state.ended, 'the conversation reaches the end of the call').toBe(true);
    });
  }
});
