import type { NodeHandler } from '../../runtime/step';
import type { StartData } from './start.node.js';

export const handleStart: NodeHandler<StartData> = async () => ({ outcome: 'next', port: 'next' });
