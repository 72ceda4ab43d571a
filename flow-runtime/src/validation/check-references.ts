import { compileExpression, expressionFunctionNames } from '../expression/evaluate-expression';
import type { ExpressionNode } from '../expression/parse-expression';
import type { Issue } from './issue';
import { makeIssue } from './make-issue';
import type { ValidationInput } from './validation-input';

function unknownFunctions(node: ExpressionNode): string[] {
  switch (node.kind) {
    case 'call':
      return [
        ...(expressionFunctionNames.includes(node.name) ? [] : [node.name]),
        ...node.args.flatMap(unknownFunctions),
      ];
    case 'unary':
      return unknownFunctions(node.operand);
    case 'binary':
      return [...unknownFunctions(node.left), ...unknownFunctions(node.right)];
    default:
      return [];
  }
}

function checkExpression(source: string, nodeId: string, field: string, errors: Issue[]): void {
  const compiled = compileExpression(source);
  const problem = !compiled.ok
    ? compiled.error
    : unknownFunctions(compiled.tree)
        .map((name) => `unknown function ${name}()`)
        .join(', ');
  if (!problem) return;
  errors.push(
    makeIssue(
      'invalid_expression',
      `The condition "${source}" cannot be understood: ${problem}.`,
      `Условие «${source}» записано с ошибкой: ${problem}.`,
      {
        nodeId,
        field,
      },
    ),
  );
}

/** Tools, knowledge bases, intents, blocks and expressions that blocks refer to must exist and make sense. */
export function checkReferences(input: ValidationInput, errors: Issue[]): void {
  const { flow } = input;
  const tools = new Set(flow.tools.map((tool) => tool.name));
  const knowledgeBases = new Set(flow.knowledgeBases.map((base) => base.id));
  const intents = new Set(flow.intents.map((intent) => intent.name));

  for (const node of input.nodes.values()) {
    if (!node.definition?.references || node.data === null) continue;
    const references = node.definition.references(node.data);
    for (const tool of references.tools ?? []) {
      if (tools.has(tool)) continue;
      errors.push(
        makeIssue(
          'unknown_tool',
          `Tool "${tool}" is not set up in this flow.`,
          `Инструмент «${tool}» не настроен в этом сценарии.`,
          { nodeId: node.id, field: 'tools' },
        ),
      );
    }
    for (const base of references.knowledgeBases ?? []) {
      if (knowledgeBases.has(base)) continue;
      errors.push(
        makeIssue(
          'unknown_knowledge_base',
          `Knowledge base "${base}" is not attached to this flow.`,
          `База знаний «${base}» не подключена к этому сценарию.`,
          {
            nodeId: node.id,
            field: 'knowledgeBaseIds',
          },
        ),
      );
    }
    for (const intent of references.intents ?? []) {
      if (intents.has(intent)) continue;
      errors.push(
        makeIssue(
          'unknown_intent',
          `Intent "${intent}" is not defined.`,
          `Намерение «${intent}» не описано.`,
          { nodeId: node.id, field: 'routes' },
        ),
      );
    }
    for (const target of references.nodes ?? []) {
      if (input.nodes.has(target)) continue;
      errors.push(
        makeIssue(
          'unknown_node_reference',
          `Block "${target}" does not exist.`,
          `Блока «${target}» не существует.`,
          { nodeId: node.id },
        ),
      );
    }
    for (const expression of references.expressions ?? [])
      checkExpression(expression.source, node.id, expression.field, errors);
  }

  const operatorTarget = flow.settings.globalHandlers.operator.targetNodeId;
  if (operatorTarget && !input.nodes.has(operatorTarget)) {
    errors.push(
      makeIssue(
        'unknown_node_reference',
        `The "operator" handler leads to block "${operatorTarget}", which does not exist.`,
        `Обработчик «оператор» ведёт к блоку «${operatorTarget}», которого нет.`,
        {
          field: 'settings.globalHandlers.operator.targetNodeId',
        },
      ),
    );
  }

  const names = new Set<string>();
  for (const variable of flow.variables) {
    if (names.has(variable.name)) {
      errors.push(
        makeIssue(
          'duplicate_variable',
          `Variable "${variable.name}" is declared twice.`,
          `Переменная «${variable.name}» объявлена дважды.`,
          { field: 'variables' },
        ),
      );
    }
    names.add(variable.name);
  }
}
