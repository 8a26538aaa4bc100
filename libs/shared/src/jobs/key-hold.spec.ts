import { holdAfter, holdsKey } from './key-hold';

describe('a delayed job and its key', () => {
  it('a strict delayed job holds its key (it keeps its place); a lenient one never does', () => {
    expect(holdsKey({ ordering: 'strict', status: 'delayed', acknowledgedAt: null })).toBe(true);
    expect(holdsKey({ ordering: 'lenient', status: 'delayed', acknowledgedAt: null })).toBe(false);
    expect(holdAfter({ ordering: 'strict' }, 'delayed')).toBe('set');
    expect(holdAfter({ ordering: 'lenient' }, 'delayed')).toBeNull();
  });

  it('an expired job lets its key go', () => {
    expect(holdsKey({ ordering: 'strict', status: 'expired', acknowledgedAt: null })).toBe(false);
    expect(holdAfter({ ordering: 'strict' }, 'expired')).toBe('clear');
  });
});
