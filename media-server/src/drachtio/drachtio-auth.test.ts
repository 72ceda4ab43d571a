// A wrong DRACHTIO_SECRET is a clear start-up failure, not a silent gateway.
import { describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import { startDrachtioGateway } from './drachtio-gateway.ts';
import { FakeDrachtioServer } from './test-support/fake-drachtio-server.ts';
import { FakeFreeSwitch } from './test-support/fake-freeswitch.ts';

describe('drachtio-server authentication', () => {
  it('rejects ready when drachtio-server refuses the secret, and no INVITE route is registered', async () => {
    const fs = await FakeFreeSwitch.start('fs');
    const drachtio = await FakeDrachtioServer.start({ secret: 'right', answerInvite: async () => '' });
    const gateway = startDrachtioGateway({
      drachtio: { host: '127.0.0.1', port: drachtio.port, secret: 'wrong' },
      freeswitch: { host: '127.0.0.1', port: fs.port, secret: 'fs', sipUri: 'sip:127.0.0.1:5080' },
      audio: { host: '127.0.0.1', port: 0 },
      route: () => ({ accept: false, status: 404 }),
      logger: createLogger('drachtio-auth-test', 'silent'),
    });
    await expect(gateway.ready).rejects.toThrow('failed to authenticate');
    expect(drachtio.routes).toEqual([]);
    await gateway.close();
    await drachtio.close();
    await fs.close();
  });
});
