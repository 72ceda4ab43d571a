import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../en';
import { ru } from '../ru';

// Issue 18 item 9: the invite dialog promised live listening, take-over and handoff queues that no screen
// offers. A hint may name such work only once a route guards it with its permission.
const routes = join(import.meta.dirname, '..', '..', 'routes');
const guarded = (permission: string) =>
  readdirSync(routes).some((file) => readFileSync(join(routes, file), 'utf8').includes(`'${permission}'`));

const promises = [
  { words: /take[sn]? over|перехват/i, permission: 'calls.takeover' },
  { words: /live calls|watches|слушает/i, permission: 'calls.monitor' },
  { words: /handoffs?|принимает звонки/i, permission: 'handoffs.handle' },
  { words: /analytics|аналитик/i, permission: 'analytics.read' },
];

describe('role descriptions', () => {
  it('promise only what a screen offers today', () => {
    for (const dictionary of [en, ru])
      for (const [role, hint] of Object.entries(dictionary.roleHints))
        for (const promise of promises)
          if (promise.words.test(hint))
            expect(guarded(promise.permission), `${role}: "${hint}" needs ${promise.permission}`).toBe(true);
  });
});
