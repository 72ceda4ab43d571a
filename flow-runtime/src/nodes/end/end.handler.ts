import type { NodeHandler } from '../../runtime/step';
import type { EndData } from './end.node.js';

export const handleEnd: NodeHandler<EndData> = async (node, ctx) => ({
  outcome: 'end',
  reason: node.data.disposition,
  commands: [
    ...ctx.say(ctx.render(node.data.message), { interruptible: false }),
    { type: 'hangup', disposition: node.data.disposition },
  ],
});
