import { EventEmitter } from 'node:events';
import { createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { expect } from 'chai';
import { NoEmitterBindingContextManager } from '../../src/telemetry/NoEmitterBindingContextManager.js';

describe('NoEmitterBindingContextManager', () => {
  const key = createContextKey('test');
  const ctx = ROOT_CONTEXT.setValue(key, 'request');
  let manager: NoEmitterBindingContextManager;
  beforeEach(() => {
    manager = new NoEmitterBindingContextManager().enable();
  });
  afterEach(() => {
    manager.disable();
  });

  it('leaves an EventEmitter and its listener methods untouched', () => {
    const emitter = new EventEmitter();
    const { on, addListener, removeListener } = emitter;
    expect(manager.bind(ctx, emitter)).to.equal(emitter);
    expect([emitter.on, emitter.addListener, emitter.removeListener]).to.deep.equal([
      on,
      addListener,
      removeListener,
    ]);
    const seen: unknown[] = [];
    emitter.on('x', () => seen.push(manager.active().getValue(key)));
    manager.with(ctx, () => emitter.emit('x'));
    emitter.emit('x');
    // The listener sees the context where the event is emitted.
    expect(seen).to.deep.equal(['request', undefined]);
  });

  it('enters a context for the rest of an execution and what it starts, and no further (the private store the channel path needs is there)', async () => {
    const enter = manager.enterer();
    expect(enter, 'AsyncLocalStorageContextManager#_asyncLocalStorage is gone').to.be.a('function');
    const seen = await new Promise<unknown[]>((resolve) =>
      setImmediate(() => {
        enter?.(ctx);
        const now = manager.active().getValue(key);
        setTimeout(() => resolve([now, manager.active().getValue(key)]), 1);
      }),
    );
    expect(seen).to.deep.equal(['request', 'request']);
    expect(manager.active().getValue(key)).to.equal(undefined);
  });

  it('still binds functions to a context', () => {
    const bound = manager.bind(ctx, () => manager.active().getValue(key));
    expect(bound()).to.equal('request');
  });

  it('still carries the context across awaits and timers', async () => {
    const seen = await manager.with(ctx, async () => {
      await Promise.resolve();
      const afterAwait = manager.active().getValue(key);
      const afterTimer = await new Promise((resolve) =>
        setTimeout(() => resolve(manager.active().getValue(key)), 1),
      );
      return [afterAwait, afterTimer];
    });
    expect(seen).to.deep.equal(['request', 'request']);
  });
});
