import type { MonitorRow } from '~/lib/monitor/monitor-views';

/** The filters' "all" choice, and the campaign filter's "calls from no campaign". */
export const ANY = '_any';
export const NO_CAMPAIGN = '_none';

export interface MonitorFilters {
  agent: string;
  campaign: string;
  number: string;
}

/** The filters beside the board: agent, campaign (or calls from none), part of a number. */
export function matchesFilters(
  row: Pick<MonitorRow, 'agentId' | 'campaignId' | 'from' | 'to'>,
  filters: MonitorFilters,
): boolean {
  const number = filters.number.trim();
  return (
    (filters.agent === ANY || row.agentId === filters.agent) &&
    (filters.campaign === ANY ||
      (filters.campaign === NO_CAMPAIGN ? !row.campaignId : row.campaignId === filters.campaign)) &&
    (!number || row.from.includes(number) || row.to.includes(number))
  );
}
