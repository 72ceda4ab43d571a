import { describe, expect, it } from 'vitest';
import { ANY, matchesFilters, NO_CAMPAIGN } from './monitor-filters';

const fromCampaign = { agentId: 'a1', campaignId: 'c1', from: '+79990001122', to: '+74950000000' };
const inbound = { agentId: 'a2', from: '+79161230019', to: 'demo' };
const rows = [fromCampaign, inbound];
const pick = (f: Partial<{ agent: string; campaign: string; number: string }>) =>
  rows.filter((r) => matchesFilters(r, { agent: ANY, campaign: ANY, number: '', ...f }));

describe('the live monitor filters', () => {
  it('by campaign: one campaign, calls from none, or all', () => {
    expect(pick({ campaign: 'c1' })).toEqual([fromCampaign]);
    expect(pick({ campaign: 'c2' })).toEqual([]);
    expect(pick({ campaign: NO_CAMPAIGN })).toEqual([inbound]);
    expect(pick({})).toEqual(rows);
  });

  it('together with the agent and part of a number', () => {
    expect(pick({ campaign: 'c1', agent: 'a2' })).toEqual([]);
    expect(pick({ agent: 'a2', number: ' 7916 ' })).toEqual([inbound]);
    expect(pick({ campaign: 'c1', number: '7495' })).toEqual([fromCampaign]);
  });
});
