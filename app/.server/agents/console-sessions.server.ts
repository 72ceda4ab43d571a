import {
  initialState,
  parseFlow,
  runTurn,
  type CallEvent,
  type Command,
  type RuntimeState,
  type TurnTrace,
} from '#flow-runtime/index';
import type { ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { endTestCall, recordTestTurn } from '../calls/trial-call-records.server.ts';
import { db } from '../db.ts';
import { declareProjectTools } from '../tools/declare-project-tools.server.ts';
import { createLogger } from '../logger.ts';
import type { TestTurnInput } from './agent-input.ts';
import { agentNotFound } from './agents.server.ts';
import { getVersion } from './publish.server.ts';
import { testConversationPorts } from '../runtime-ports/console-ports.server.ts';

export interface TestTurnView {
  index: number;
  input: { start: true } | { text: string } | { dtmf: string };
  replies: string[];
  commands: Command[];
  trace: TurnTrace;
  activeNodeId: string | null;
  ended: boolean;
  createdAt: Date;
}

export interface TestSessionView {
  id: string;
  versionId: string | null;
  ended: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const sessionNotFound = () => new ServiceError(404, 'test_session_not_found', 'No such test conversation.');

function eventOf(input: TestTurnView['input']): CallEvent {
  if ('start' in input) return { type: 'call_started', caller: {}, direction: 'test' };
  if ('text' in input) return { type: 'utterance', text: input.text, confidence: 1 };
  return { type: 'dtmf', digits: input.dtmf };
}

interface StoredSession {
  id: string;
  projectId: string;
  agentId: string;
  versionId: string | null;
  createdById: string | null;
  graph: unknown;
  state: RuntimeState;
}

const log = createLogger('test-sessions');

async function runAndStore(
  session: StoredSession,
  index: number,
  input: TestTurnView['input'],
): Promise<TestTurnView> {
  const parsed = parseFlow(session.graph);
  if (!parsed.success) throw new ServiceError(422, 'flow_invalid', 'The tested flow is not a valid flow.');
  const result = await runTurn(
    parsed.flow,
    session.state,
    eventOf(input),
    testConversationPorts(parsed.flow, session.projectId),
  );
  // A test conversation has no operator to hand over to: a transfer ends it as a hang-up does, so the
  // console stops taking input and the Inbox shows it ended instead of live.
  const transfer = result.commands.find((c) => c.type === 'transfer');
  const hangup = result.commands.find((c) => c.type === 'hangup');
  const output = {
    replies: result.commands.flatMap((c) => (c.type === 'say' ? [c.text] : [])),
    commands: result.commands,
    trace: result.trace,
    activeNodeId: result.state.currentNodeId,
    ended: result.state.ended || transfer !== undefined,
  };
  const state = output.ended ? { ...result.state, ended: true } : result.state;
  try {
    const [turn] = await db().$transaction([
      db().testTurn.create({ data: { sessionId: session.id, index, input, output: output as object } }),
      db().testSession.update({
        where: { id: session.id },
        data: { state: state as object, ended: output.ended },
      }),
    ]);
    // Test conversations are calls too (the Inbox lists them); a failure there must not fail the turn.
    await recordTestTurn({
      session,
      index,
      input,
      replies: output.replies,
      trace: result.trace,
      ended: output.ended,
      ...(transfer
        ? { endReason: 'transferred' as const, disposition: 'transferred' }
        : hangup
          ? { disposition: hangup.disposition }
          : {}),
    }).catch((error: unknown) =>
      log.warn({ err: error, sessionId: session.id }, 'test turn not recorded as a call'),
    );
    return { index, input, ...output, createdAt: turn.createdAt };
  } catch (e) {
    // (sessionId, index) is unique: a second turn sent before the first finished lands here.
    if ((e as { code?: string }).code === 'P2002') {
      throw new ServiceError(
        409,
        'turn_conflict',
        'Another message to this conversation was being answered; send again.',
      );
    }
    throw e;
  }
}

/** Starts a test conversation with the draft (its graph snapshotted) or a published version. */
export async function startTestSession(
  ctx: ServiceContext,
  agentId: string,
  versionId: string | undefined,
): Promise<{ session: TestSessionView; turn: TestTurnView }> {
  const { access } = ctx;
  const agent = await db().agent.findFirst({
    where: { id: agentId, projectId: access.projectId },
    select: { draftGraph: true },
  });
  if (!agent) throw agentNotFound();
  // A published version is tested as it was snapshotted; the draft with the project's tools as they are now.
  const graph = versionId
    ? (await getVersion(access.projectId, agentId, versionId)).graph
    : await declareProjectTools(access.projectId, agent.draftGraph);
  const parsed = parseFlow(graph);
  if (!parsed.success) throw new ServiceError(422, 'flow_invalid', 'The draft is not a valid flow yet.');
  const state = initialState(parsed.flow);
  // The console holds one conversation at a time: a restart abandons the previous one, so it ends.
  const open = await db().testSession.findMany({
    where: { agentId, projectId: access.projectId, ended: false, createdById: access.user?.id ?? null },
    select: { id: true },
  });
  for (const previous of open) await endSession(access.projectId, previous.id);
  const row = await db().testSession.create({
    data: {
      projectId: access.projectId,
      agentId,
      versionId: versionId ?? null,
      graph: parsed.flow as object,
      state: state as object,
      createdById: access.user?.id ?? null,
    },
  });
  const turn = await runAndStore({ ...row, graph: parsed.flow, state }, 0, {
    start: true,
  });
  return { session: sessionView({ ...row, ended: turn.ended }), turn };
}

function sessionView(row: {
  id: string;
  versionId: string | null;
  ended: boolean;
  createdAt: Date;
  updatedAt: Date;
}): TestSessionView {
  return {
    id: row.id,
    versionId: row.versionId,
    ended: row.ended,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function sendTestTurn(
  ctx: ServiceContext,
  agentId: string,
  sessionId: string,
  input: TestTurnInput,
): Promise<TestTurnView> {
  const row = await db().testSession.findFirst({
    where: { id: sessionId, agentId, projectId: ctx.access.projectId },
    include: { _count: { select: { turns: true } } },
  });
  if (!row) throw sessionNotFound();
  if (row.ended)
    throw new ServiceError(409, 'conversation_ended', 'This conversation has ended; restart it.');
  return runAndStore({ ...row, state: row.state as unknown as RuntimeState }, row._count.turns, input);
}

async function endSession(projectId: string, sessionId: string): Promise<void> {
  const ended = await db().testSession.updateMany({
    where: { id: sessionId, projectId, ended: false },
    data: { ended: true },
  });
  if (ended.count === 0) return;
  await endTestCall(projectId, sessionId).catch((error: unknown) =>
    log.warn({ err: error, sessionId }, 'test call not marked ended'),
  );
}

/** Ends a test conversation the person left (closed the console, left the page); ending twice is fine. */
export async function endTestSession(ctx: ServiceContext, agentId: string, sessionId: string): Promise<void> {
  const row = await db().testSession.findFirst({
    where: { id: sessionId, agentId, projectId: ctx.access.projectId },
    select: { id: true },
  });
  if (!row) throw sessionNotFound();
  await endSession(ctx.access.projectId, sessionId);
}

export async function getTestSession(
  projectId: string,
  agentId: string,
  sessionId: string,
): Promise<{ session: TestSessionView; turns: TestTurnView[] }> {
  const row = await db().testSession.findFirst({
    where: { id: sessionId, agentId, projectId },
    include: { turns: { orderBy: { index: 'asc' } } },
  });
  if (!row) throw sessionNotFound();
  return {
    session: sessionView(row),
    turns: row.turns.map((t) => ({
      index: t.index,
      input: t.input as TestTurnView['input'],
      ...(t.output as unknown as Omit<TestTurnView, 'index' | 'input' | 'createdAt'>),
      createdAt: t.createdAt,
    })),
  };
}

export async function listTestSessions(
  projectId: string,
  agentId: string,
): Promise<(TestSessionView & { turns: number })[]> {
  const rows = await db().testSession.findMany({
    where: { agentId, projectId },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: {
      id: true,
      versionId: true,
      ended: true,
      createdAt: true,
      updatedAt: true,
      _count: { select: { turns: true } },
    },
  });
  return rows.map((r) => ({ ...sessionView(r), turns: r._count.turns }));
}
