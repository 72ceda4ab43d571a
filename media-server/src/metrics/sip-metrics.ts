import { Counter, Gauge, type Registry } from 'prom-client';
import type { SipGatewayStats } from '../sip-gateway/sip-gateway.ts';

type Read = (stats: SipGatewayStats) => number;

const GAUGES: Array<[string, string, Read]> = [
  ['sip_active_calls', 'SIP calls up now.', (s) => s.activeCalls],
];
const COUNTERS: Array<[string, string, Read]> = [
  ['sip_calls_setup_total', 'SIP calls answered with 200 OK.', (s) => s.callsSetup],
  [
    'sip_calls_rejected_total',
    'SIP calls declined (404, 480, 486, 503) or cancelled.',
    (s) => s.callsRejected,
  ],
  ['sip_calls_failed_total', 'SIP calls that could not be set up or kept.', (s) => s.callsFailed],
  ['sip_malformed_messages_total', 'SIP messages dropped or answered 400.', (s) => s.malformedMessages],
  ['rtp_packets_in_total', 'RTP packets received.', (s) => s.rtp.packetsIn],
  ['rtp_packets_out_total', 'RTP packets sent.', (s) => s.rtp.packetsOut],
  ['rtp_late_packets_total', 'RTP packets that arrived after their playout slot.', (s) => s.rtp.latePackets],
  ['rtp_lost_packets_total', 'RTP packets never received.', (s) => s.rtp.lostPackets],
  [
    'rtp_send_late_ticks_total',
    'Media clock ticks more than 5 ms late (our own pacing).',
    (s) => s.mediaClockLateTicks,
  ],
];

/**
 * The SIP gateway's counters on Prometheus. The gateway keeps them (monotonic, read in one snapshot); the
 * metrics copy the snapshot when scraped rather than being incremented in the SIP hot path.
 */
export function registerSipMetrics(registry: Registry, stats: () => SipGatewayStats): void {
  const read = (fn: Read) => fn(stats());
  for (const [name, help, fn] of GAUGES) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(fn));
      },
    });
  }
  for (const [name, help, fn] of COUNTERS) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(fn));
      },
    });
  }
}
