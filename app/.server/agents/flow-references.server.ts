import { isNodeType, nodeRegistry, type Flow, type NodeDefinition } from '#flow-runtime/index';
import { db } from '../db.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const push = (fields: Record<string, string[]>, key: string, message: string) => {
  const list = (fields[key] ??= []);
  if (!list.includes(message)) list.push(message);
};

/**
 * What a flow names outside itself that is not its project's: knowledge bases (by id) and credentials (by
 * name or id) of another project, or of none. Calls are bound to their project, so such a reference could
 * never work; saving and publishing refuse it. Keyed the way the canvas marks issues: each node that names
 * it, and the flow field (`knowledgeBases`, `tools.<name>.credential`). Empty when all are the project's.
 */
export async function foreignReferences(projectId: string, flow: Flow): Promise<Record<string, string[]>> {
  const fields: Record<string, string[]> = {};
  const basesByNode = new Map<string, readonly string[]>();
  const toolsByNode = new Map<string, readonly string[]>();
  for (const node of flow.nodes) {
    // Only blocks that can name something outside the flow are parsed (saving runs on every edit).
    const definition: NodeDefinition | undefined = isNodeType(node.type)
      ? nodeRegistry[node.type].definition
      : undefined;
    if (!definition?.references) continue;
    const data = definition.dataSchema.safeParse(node.data);
    if (!data.success) continue;
    const references = definition.references(data.data);
    if (references?.knowledgeBases?.length) basesByNode.set(node.id, references.knowledgeBases);
    if (references?.tools?.length) toolsByNode.set(node.id, references.tools);
  }

  const bases = new Set([...flow.knowledgeBases.map((k) => k.id), ...[...basesByNode.values()].flat()]);
  const credentials = new Set(
    flow.tools.flatMap((tool) => (tool.http?.credential ? [tool.http.credential] : [])),
  );
  const [ownBases, ownCredentials] = await Promise.all([
    bases.size === 0
      ? []
      : db().knowledgeBase.findMany({
          where: { projectId, id: { in: [...bases].filter((id) => UUID.test(id)) } },
          select: { id: true },
        }),
    credentials.size === 0
      ? []
      : db().credential.findMany({
          where: {
            projectId,
            OR: [
              { name: { in: [...credentials] } },
              { id: { in: [...credentials].filter((id) => UUID.test(id)) } },
            ],
          },
          select: { id: true, name: true },
        }),
  ]);

  const mineBase = new Set(ownBases.map((k) => k.id));
  const baseMessage = (id: string) => `Knowledge base "${id}" is not one of this project's.`;
  for (const { id } of flow.knowledgeBases)
    if (!mineBase.has(id)) push(fields, 'knowledgeBases', baseMessage(id));
  for (const [nodeId, ids] of basesByNode)
    for (const id of ids) if (!mineBase.has(id)) push(fields, nodeId, baseMessage(id));

  const mineCredential = new Set(ownCredentials.flatMap((c) => [c.id, c.name]));
  for (const tool of flow.tools) {
    const credential = tool.http?.credential;
    if (!credential || mineCredential.has(credential)) continue;
    const message = `Tool "${tool.name}" uses credential "${credential}", which is not one of this project's.`;
    push(fields, `tools.${tool.name}.credential`, message);
    for (const [nodeId, tools] of toolsByNode) if (tools.includes(tool.name)) push(fields, nodeId, message);
  }
  return fields;
}
