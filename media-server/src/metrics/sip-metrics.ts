import type { SipGatewayStats } from '../sip-gateway/sip-gateway.ts';

/** The SIP gateway's counters as Prometheus text (appended to the voice metrics at /metrics). */
export function renderSipMetrics(stats: SipGatewayStats): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
  metric('sip_active_calls', 'gauge', 'SIP calls up now.', stats.activeCalls);
  metric('sip_calls_setup_total', 'counter', 'SIP calls answered with 200 OK.', stats.callsSetup);
  metric(
    'sip_calls_rejected_total',
    'counter',
    'SIP calls declined (404, 480, 486, 503) or cancelled.',
    stats.callsRejected,
  );
  metric(
    'sip_calls_failed_total',
    'counter',
    'SIP calls that could not be set up or kept.',
    stats.callsFailed,
  );
  metric(
    'sip_malformed_messages_total',
    'counter',
    'SIP messages dropped or answered 400.',
    stats.malformedMessages,
  );
  metric('rtp_packets_in_total', 'counter', 'RTP packets received.', stats.rtp.packetsIn);
  metric('rtp_packets_out_total', 'counter', 'RTP packets sent.', stats.rtp.packetsOut);
  metric(
    'rtp_late_packets_total',
    'counter',
    'RTP packets that arrived after their playout slot.',
    stats.rtp.latePackets,
  );
  metric('rtp_lost_packets_total', 'counter', 'RTP packets never received.', stats.rtp.lostPackets);
  metric(
    'rtp_send_late_ticks_total',
    'counter',
    'Media clock ticks more than 5 ms late (our own pacing).',
    stats.mediaClockLateTicks,
  );
  return `${lines.join('\n')}\n`;
}
