// Keeps Kamailio's dispatcher list in step with the media servers announced in Redis (issue 28; see
// deploy/README.md): run it next to Kamailio. Every DISPATCHER_SYNC_MS (default 1000) it rewrites the list
// when a media server appeared, drains or died, and runs `kamcmd dispatcher.reload`.
//   DISPATCHER_LIST=/etc/kamailio/dispatcher.list KAMAILIO_CTL=unix:/run/kamailio/kamailio_ctl \
//     npm run cluster:dispatcher-list
import { loadDotenv } from '#server/env/dotenv.ts';
import { redisEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import { createRedis } from '#server/redis.ts';
import { dispatcherSync, kamcmdReload } from '../media-server/src/cluster/dispatcher-sync.ts';

const file = process.env.DISPATCHER_LIST ?? '/etc/kamailio/dispatcher.list';
const ctl = process.env.KAMAILIO_CTL ?? 'unix:/run/kamailio/kamailio_ctl';
const everyMs = Number(process.env.DISPATCHER_SYNC_MS ?? 1000);
loadDotenv();
const redis = createRedis(loadEnvOrExit(redisEnv, 'cluster:dispatcher-list'));
const sync = dispatcherSync({ redis, file, reload: kamcmdReload(ctl) });

let stopped = false;
const stop = () => {
  stopped = true;
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
while (!stopped) {
  try {
    if (await sync()) console.log(`${new Date().toISOString()} dispatcher list updated`);
  } catch (error) {
    console.error(`${new Date().toISOString()} dispatcher sync failed: ${String(error)}`);
  }
  await new Promise((r) => setTimeout(r, everyMs));
}
await redis.quit();
