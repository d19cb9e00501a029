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
    it('prints usage for --help (exit 0) and nothing (exit 2)', () => {
      expect(parseServeCommand(['--help'])).to.include({ kind: 'exit', code: 0 });
      expect(parseServeCommand([])).to.include({ kind: 'exit', code: 2 });
    });
    for (const argv of [
      ['start'],
      ['serve', '--port', '70000'],
      ['serve', '--nope'],
      ['serve', 'x'],
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
