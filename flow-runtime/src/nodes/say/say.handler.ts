import type { NodeHandler } from '../../runtime/step';
import type { SayData } from './say.node.js';

export const handleSay: NodeHandler<SayData> = async (node, ctx) => {
  const template = node.data.text;
  // A prompt without placeholders is the same on every call, so TTS may cache its audio.
  const commands = ctx.say(ctx.render(template), {
    cacheable: !template.includes('{{'),
    interruptible: node.data.interruptible,
  });
  return { outcome: 'next', port: 'next', commands };
};
