import { expect } from 'chai';
import { wrapBeside } from '../../src/routes/wrapBeside.js';

describe('wrapBeside', () => {
  type Use = (x: number) => number;

  it('wraps without the marks another instrumentation would unwrap', () => {
    const target: Record<string, unknown> = { use: (x: number) => x + 1 };
    wrapBeside<Use>(target, 'use', (original) => (x) => original(x) * 10);
    expect((target.use as Use)(1)).to.equal(20);
    expect((target.use as { __wrapped?: boolean }).__wrapped).to.equal(undefined);
  });

  it('restores the original on undo, or passes through when wrapped on top since', () => {
    const original = (x: number) => x + 1;
    const alone: Record<string, unknown> = { use: original };
    wrapBeside<Use>(alone, 'use', (o) => (x) => o(x) * 10)();
    expect(alone.use).to.equal(original);

    const stacked: Record<string, unknown> = { use: original };
    const undo = wrapBeside<Use>(stacked, 'use', (o) => (x) => o(x) * 10);
    const ours = stacked.use as Use;
    stacked.use = (x: number) => ours(x) - 1;
    undo();
    expect((stacked.use as Use)(1)).to.equal(1);
  });
});
