import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SNAPSHOT_FORMAT, SnapshotFile } from '../../src/persistence/SnapshotFile.js';

interface Payload {
  count: number;
}

function checkPayload(value: unknown): Payload {
  const count = (value as { count?: unknown } | null)?.count;
  if (typeof count !== 'number') throw new Error('payload.count must be a number');
  return { count };
}

describe('SnapshotFile', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gs-snapshot-'));
    path = join(dir, 'store.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('#write', () => {
    it('writes a versioned envelope and leaves no temporary file', () => {
      new SnapshotFile<Payload>(path, 3, () => 1_000).write({ count: 7 });
      expect(JSON.parse(readFileSync(path, 'utf8'))).to.deep.equal({
        format: SNAPSHOT_FORMAT,
        version: 3,
        savedAtMs: 1_000,
        payload: { count: 7 },
      });
      expect(readdirSync(dir)).to.deep.equal(['store.json']);
    });

    it('replaces the previous snapshot whole', () => {
      const file = new SnapshotFile<Payload>(path, 1);
      file.write({ count: 1 });
      file.write({ count: 2 });
      const result = file.read(checkPayload);
      expect(result).to.deep.include({ status: 'restored', payload: { count: 2 } });
    });
  });

  describe('#read', () => {
    it('reports a missing file', () => {
      expect(new SnapshotFile<Payload>(path, 1).read(checkPayload)).to.deep.equal({
        status: 'missing',
      });
    });

    it('restores what was written', () => {
      const file = new SnapshotFile<Payload>(path, 1, () => 42);
      file.write({ count: 5 });
      expect(file.read(checkPayload)).to.deep.equal({
        status: 'restored',
        payload: { count: 5 },
        savedAtMs: 42,
      });
    });

    const bad: [string, string, RegExp][] = [
      ['corrupt JSON', '{"format": "golden-signals-snap', /JSON|Unexpected|Unterminated/],
      ['another JSON file', '{"hello": "world"}', /not a golden-signals snapshot/],
      ['JSON null', 'null', /not a golden-signals snapshot/],
      [
        'another version',
        JSON.stringify({
          format: SNAPSHOT_FORMAT,
          version: 99,
          savedAtMs: 1,
          payload: { count: 1 },
        }),
        /snapshot version 99, this build reads 1/,
      ],
      [
        'a payload the check rejects',
        JSON.stringify({
          format: SNAPSHOT_FORMAT,
          version: 1,
          savedAtMs: 1,
          payload: { count: 'x' },
        }),
        /payload.count must be a number/,
      ],
      ['an empty file', '', /JSON|Unexpected/],
    ];
    for (const [name, content, reason] of bad) {
      it(`rejects ${name} and moves it aside`, () => {
        writeFileSync(path, content);
        const result = new SnapshotFile<Payload>(path, 1, () => 77).read(checkPayload);
        expect(result.status).to.equal('rejected');
        if (result.status !== 'rejected') return;
        expect(result.reason).to.match(reason);
        expect(result.movedTo).to.equal(`${path}.rejected-77`);
        expect(existsSync(path)).to.equal(false);
        expect(readFileSync(`${path}.rejected-77`, 'utf8')).to.equal(content);
      });
    }
  });
});
