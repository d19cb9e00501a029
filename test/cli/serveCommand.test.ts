import { expect } from 'chai';
import { parseServeCommand } from '../../src/cli/serveCommand.js';

describe('parseServeCommand', () => {
  describe('golden-signals serve (command line)', () => {
    it('serves with --port and --host, tracing nothing but the store', () => {
      expect(parseServeCommand(['serve', '--port', '0', '--host', '::1'])).to.deep.equal({
        kind: 'serve',
        options: { port: 0, host: '::1', tracesExporters: ['memory'] },
      });
    });
    it('serves over an engine with --prometheus URL: no store, so no receiver', () => {
      expect(parseServeCommand(['serve', '--prometheus', 'http://127.0.0.1:9090'])).to.deep.equal({
        kind: 'serve',
        options: { tracesExporters: [], prometheus: { url: 'http://127.0.0.1:9090' } },
      });
    });
    it('serves over an engine when GOLDEN_SIGNALS_PROMETHEUS_URL is set, without the flag', () => {
      expect(
        parseServeCommand(['serve'], { GOLDEN_SIGNALS_PROMETHEUS_URL: 'http://prom:9090' }),
      ).to.deep.equal({ kind: 'serve', options: { tracesExporters: [] } });
    });
    it('says what --prometheus lacks when given empty (exit 2)', () => {
      const command = parseServeCommand(['serve', '--prometheus', '']);
      expect(command).to.include({ kind: 'exit', code: 2 });
      if (command.kind === 'exit')
        expect(command.text).to.match(/--prometheus needs the engine's URL/);
    });
    it('names --prometheus in its usage', () => {
      const command = parseServeCommand(['--help']);
      if (command.kind === 'exit') expect(command.text).to.match(/--prometheus URL/);
    });
    it('prints usage for --help (exit 0) and nothing (exit 2)', () => {
      expect(parseServeCommand(['--help'])).to.include({ kind: 'exit', code: 0 });
      expect(parseServeCommand([])).to.include({ kind: 'exit', code: 2 });
    });
    for (const argv of [
      ['start'],
      ['serve', '--port', '70000'],
      ['serve', '--nope'],
      ['serve', 'x'],
      ['serve', '--prometheus'],
    ]) {
      it(`refuses ${argv.join(' ')} with exit 2 and a message`, () => {
        const command = parseServeCommand(argv);
        expect(command.kind).to.equal('exit');
        if (command.kind === 'exit') {
          expect(command.code).to.equal(2);
          expect(command.text).to.match(/Usage: golden-signals serve/);
        }
      });
    }
  });
});
