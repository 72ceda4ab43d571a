/**
 * Kamailio (Debian's package) as the carrier in tests: a registrar with digest authentication for one
 * user, and a proxy that routes INVITEs to whatever that user registered (record-routing, so in-dialog
 * requests pass through it too). Runs in the foreground in its own process group, stopped with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../sip-gateway/test-support/free-port.ts';

export const KAMAILIO = '/usr/sbin/kamailio';
export const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
export const hasKamailio = () => existsSync(KAMAILIO) && existsSync(join(MODULES, 'registrar.so'));

export interface KamailioCarrier {
  readonly port: number;
  output(): string;
  stop(): Promise<void>;
}

function config(port: number, user: string, password: string): string {
  return `#!KAMAILIO
debug=2
log_stderror=yes
children=2
listen=udp:127.0.0.1:${port}
auto_aliases=no
alias="127.0.0.1:${port}"
mpath="${MODULES}/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)

request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (has_totag()) {
    if (loose_route()) { t_relay(); exit; }
    if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
    sl_send_reply("404", "Not here");
    exit;
  }
  if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
  if (is_method("REGISTER")) {
    if (!pv_www_authenticate("$td", "${password}", "0")) { www_challenge("$td", "0"); exit; }
    if ($au != "${user}") { sl_send_reply("403", "Forbidden"); exit; }
    save("location");
    exit;
  }
  if (is_method("OPTIONS") && $rU == $null) { sl_send_reply("200", "OK"); exit; }
  if (is_method("INVITE")) { record_route(); }
  if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
  t_relay();
}
`;
}

export async function startKamailio(options: { user: string; password: string }): Promise<KamailioCarrier> {
  return runKamailio((port) => config(port, options.user, options.password));
}

/**
 * A carrier that routes calls by the dialled number: an INVITE whose Request-URI user ends with one of
 * `routes`' suffixes goes to that port on loopback, any other to `otherwise`. It record-routes, so the
 * dialog's ACK, BYE and re-INVITEs pass through it to the far end as well.
 */
export async function startNumberRouter(options: {
  routes: { suffix: string; port: number }[];
  otherwise: number;
}): Promise<KamailioCarrier> {
  const choose = options.routes
    .map((r) => `if ($rU =~ "${r.suffix.replace(/[^0-9]/g, '')}$") { $du = "sip:127.0.0.1:${r.port}"; }`)
    .join(' else ');
  return runKamailio(
    (port) => `#!KAMAILIO
debug=2
log_stderror=yes
children=2
listen=udp:127.0.0.1:${port}
auto_aliases=no
alias="127.0.0.1:${port}"
mpath="${MODULES}/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"

request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (has_totag()) {
    if (loose_route()) { t_relay(); exit; }
    if (is_method("ACK") && t_check_trans()) { t_relay(); exit; }
    # In the dialog without our Route: on to the Request-URI, the far end's Contact.
    t_relay();
    exit;
  }
  if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
  if (!is_method("INVITE")) { sl_send_reply("405", "Method Not Allowed"); exit; }
  record_route();
  $du = "sip:127.0.0.1:${options.otherwise}";
  ${choose}
  t_relay();
}
`,
  );
}

async function runKamailio(render: (port: number) => string): Promise<KamailioCarrier> {
  const dir = mkdtempSync(join(tmpdir(), 'kamailio-'));
  const port = await freePort();
  const file = join(dir, 'kamailio.cfg');
  writeFileSync(file, render(port));
  const checked = spawnSync(KAMAILIO, ['-c', '-f', file], { encoding: 'utf8' });
  if (checked.status !== 0) throw new Error(`kamailio config rejected:\n${checked.stderr}`);
  let log = '';
  const child: ChildProcess = spawn(
    KAMAILIO,
    ['-f', file, '-DD', '-E', '-w', dir, '-Y', dir, '-m', '32', '-M', '8'],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!/SO_RCVBUF is finally/.test(log)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`kamailio did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 200)); // children up
  return {
    port,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      process.kill(-child.pid, 'SIGTERM'); // its own process group: the main process and its children
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}
