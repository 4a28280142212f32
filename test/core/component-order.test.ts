import { describe, expect, it } from 'vitest';
import { groupsBeforeTheirComponents } from '#core/component-order';

const aComponent = (id: string, over: { position: number; group?: boolean; group_id?: string | null; name?: string }) => ({
  id,
  name: over.name ?? id,
  position: over.position,
  group: over.group ?? false,
  group_id: over.group_id ?? null,
});

describe('groupsBeforeTheirComponents', () => {
  it('lists top-level entries by position, each group followed by its own components by position', () => {
    const components = [
      aComponent('checkout', { position: 5, group_id: 'store' }),
      aComponent('api', { position: 1 }),
      aComponent('cart', { position: 2, group_id: 'store' }),
      aComponent('store', { position: 3, group: true }),
      aComponent('search', { position: 4 }),
      aComponent('edge', { position: 0, group: true }),
      aComponent('cdn', { position: 9, group_id: 'edge' }),
    ];

    expect(groupsBeforeTheirComponents(components).map((c) => c.id)).toEqual(['edge', 'cdn', 'api', 'store', 'cart', 'checkout', 'search']);
  });

  it('breaks ties by name, then id, and keeps a component whose group is gone at the top level', () => {
    const components = [
      aComponent('b', { position: 1, name: 'Beta' }),
      aComponent('a', { position: 1, name: 'Alpha' }),
      aComponent('orphan', { position: 0, group_id: 'deleted' }),
    ];

    expect(groupsBeforeTheirComponents(components).map((c) => c.id)).toEqual(['orphan', 'a', 'b']);
  });
});
