import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { supervise, type Supervisor } from './supervisor.ts';

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const until = async (what: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

const serving = async (port: number) =>
  fetch(`http://127.0.0.1:${port}/`)
    .then((r) => r.text())
    .catch(() => '');

/** A child that serves HTTP (answering with its pid) until it is told to stop. */
const server = (port: number) =>
  `require('http').createServer((q,s)=>s.end(String(process.pid))).listen(${port},'127.0.0.1');` +
  `process.on('SIGTERM',()=>process.exit(0))`;

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

describe('supervise', () => {
  it('restarts a crashed child with the cause logged, and the others keep serving', async () => {
    const [webPort, workersPort] = [await freePort(), await freePort()];
    const lines: string[] = [];
    supervisor = supervise(
      [
        { name: 'web', command: process.execPath, args: ['-e', server(webPort)] },
        { name: 'workers', command: process.execPath, args: ['-e', server(workersPort)] },
      ],
      { backoff: { initialMs: 100 }, log: (l) => lines.push(l), output: () => {} },
    );
    await until(async () => (await serving(webPort)) !== '' && (await serving(workersPort)) !== '');
    const webPid = await serving(webPort);
    const crashed = supervisor.state().find((c) => c.name === 'workers')!.pid!;

    process.kill(crashed, 'SIGKILL');
    await until(() => supervisor!.state().find((c) => c.name === 'workers')!.restarts === 1);
    // While the workers were down and after: the web child is the same process, still answering.
    expect(await serving(webPort)).toBe(webPid);
    await until(async () => {
      const pid = await serving(workersPort);
      return pid !== '' && pid !== String(crashed);
    });
    expect(await serving(webPort)).toBe(webPid);
    expect(supervisor.state().find((c) => c.name === 'web')!.restarts).toBe(0);
    expect(lines.join('\n')).toMatch(/workers \(pid \d+\) killed \(SIGKILL/);
    expect(lines.join('\n')).toContain('restarting workers in 0.1 s (restart 1)');
  });

  it('logs what a crashing child last printed and backs off between restarts', async () => {
    const lines: string[] = [];
    supervisor = supervise(
      [
        {
          name: 'workers',
          command: process.execPath,
          args: ['-e', 'console.error("boom: bad job"); process.exit(3)'],
        },
      ],
      { backoff: { initialMs: 50, maxMs: 200 }, log: (l) => lines.push(l), output: () => {} },
    );
    await until(() => supervisor!.state()[0]!.restarts >= 4);
    const log = lines.join('\n');
    expect(log).toContain('exited with code 3; last output:\n  boom: bad job');
    expect(log).toContain('in 0.1 s (restart 2)');
    expect(log).toContain('in 0.2 s (restart 3)');
    expect(log).toContain('in 0.2 s (restart 4)'); // capped at maxMs
  });

  it('stops every child on stop() and restarts none of them', async () => {
    const port = await freePort();
    supervisor = supervise([{ name: 'web', command: process.execPath, args: ['-e', server(port)] }], {
      output: () => {},
      log: () => {},
    });
    await until(async () => (await serving(port)) !== '');
    await supervisor.stop();
    expect(supervisor.state()[0]!.running).toBe(false);
    expect(supervisor.state()[0]!.restarts).toBe(0);
    expect(await serving(port)).toBe('');
  });
});
