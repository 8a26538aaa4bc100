import { metafieldPlan } from './metafield-plan';

const size = { key: 'size_chart', value: 'EU', type: 'single_line_text_field' };
const weight = { key: 'weight', value: '120', type: 'number_integer' };

describe('metafieldPlan', () => {
  it('sets every attribute the first time, in the namespace', () => {
    const plan = metafieldPlan([size, weight], 'shopsync', null);
    expect(plan.set).toEqual([
      { namespace: 'shopsync', ...size },
      { namespace: 'shopsync', ...weight },
    ]);
    expect(plan.remove).toEqual([]);
    expect(Object.keys(plan.recorded)).toEqual(['shopsync.size_chart', 'shopsync.weight']);
  });

  it('sends only the changed attribute and deletes the one the ERP dropped', () => {
    const first = metafieldPlan([size, weight], 'shopsync', null).recorded;
    expect(metafieldPlan([size, weight], 'shopsync', first).set).toEqual([]);
    const plan = metafieldPlan([{ ...size, value: 'US' }], 'shopsync', first);
    expect(plan.set).toEqual([{ namespace: 'shopsync', ...size, value: 'US' }]);
    expect(plan.remove).toEqual([{ namespace: 'shopsync', key: 'weight' }]);
    expect(Object.keys(plan.recorded)).toEqual(['shopsync.size_chart']);
  });

  it('moves the metafields to a new namespace, and sees a changed type', () => {
    const first = metafieldPlan([weight], 'shopsync', null).recorded;
    const moved = metafieldPlan([weight], 'erp_attrs', first);
    expect(moved.set).toEqual([{ namespace: 'erp_attrs', ...weight }]);
    expect(moved.remove).toEqual([{ namespace: 'shopsync', key: 'weight' }]);
    expect(
      metafieldPlan([{ ...weight, type: 'number_decimal' }], 'shopsync', first).set,
    ).toHaveLength(1);
  });
});
