import { describe, expect, it } from 'vitest';
import { nodeDefinitionsByType } from '../nodes/definitions';
import { CAMPAIGN_CALL_VARIABLES, collectFlowVariables } from './flow-variables';

const graph = {
  nodes: [
    { id: 'start', type: 'start', data: {} },
    { id: 'hi', type: 'say', data: { text: 'Здравствуйте, {{contact_name}}! Запись на {{visit_date}}.' } },
    { id: 'done', type: 'set_outcome', data: { field: 'confirmed', value: 'true' } },
    { id: 'later', type: 'schedule_callback', data: {} },
  ],
  variables: [],
};

describe('campaign variables in the variables panel', () => {
  it('offers the columns and fixed names of the campaigns that use the agent, as set', () => {
    const info = collectFlowVariables(graph, nodeDefinitionsByType, {
      campaignVariables: ['visit_date', ...CAMPAIGN_CALL_VARIABLES],
    });
    const byName = new Map(info.map((v) => [v.name, v]));
    expect(byName.get('visit_date')).toMatchObject({ providedBy: 'campaign', unset: false });
    expect(byName.get('contact_name')).toMatchObject({ providedBy: 'campaign', unset: false });
    expect(byName.get('answered_by')).toMatchObject({ providedBy: 'campaign' });
    // What the campaign nodes set is listed with the node that sets it.
    expect(byName.get('campaign_outcome')?.setBy).toEqual([
      expect.objectContaining({ nodeId: 'done', kind: 'set_outcome' }),
    ]);
    expect(byName.get('callback_at')?.setBy[0]).toMatchObject({ nodeId: 'later' });
  });

  it('flags the same placeholders as never set when no campaign uses the agent', () => {
    const info = collectFlowVariables(graph, nodeDefinitionsByType);
    expect(info.find((v) => v.name === 'visit_date')).toMatchObject({ unset: true });
    expect(info.find((v) => v.name === 'visit_date')?.providedBy).toBeUndefined();
  });
});
