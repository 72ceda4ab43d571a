import { buildHandoffPacket } from '../../runtime/handoff-packet';
import type { NodeHandler } from '../../runtime/step';
import type { TransferData } from './transfer.node.js';

export const handleTransfer: NodeHandler<TransferData> = async (node, ctx) => {
  const data = node.data;
  return {
    outcome: 'handoff',
    commands: [
      ...ctx.say(ctx.render(data.message), { interruptible: false }),
      {
        type: 'transfer',
        target: { kind: data.target.kind, value: ctx.render(data.target.value) },
        mode: data.mode,
        handoff: buildHandoffPacket(ctx.state, data.reason, ctx.language, ctx.render(data.summary)),
      },
    ],
  };
};
