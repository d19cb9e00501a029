import { expect } from 'chai';
import { sqlDialectOf } from '../../../src/privacy/statement/SqlDialect.js';
import { sqlTokens } from '../../../src/privacy/statement/sqlTokens.js';

const kinds = (text: string, system = 'postgresql'): string[] =>
  sqlTokens(text, sqlDialectOf(system)).map((t) => `${t.kind}:${t.text}`);

describe('sqlTokens', () => {
  describe('#sqlTokens', () => {
    it('tells words, literals, placeholders and punctuation apart', () => {
      expect(kinds("SELECT a FROM t WHERE b = 'x' AND c = $1")).to.deep.equal([
        'word:SELECT', 'word:a', 'word:FROM', 'word:t', 'word:WHERE', 'word:b', 'punct:=',
        "literal:'x'", 'word:AND', 'word:c', 'punct:=', 'placeholder:$1',
      ]); // biome-ignore format: one token a cell
    });

    it('marks whitespace and comments as a space before the next token', () => {
      const tokens = sqlTokens('a/*c*/b c--x\nd', sqlDialectOf('postgresql'));
      expect(tokens.map((t) => [t.text, t.space])).to.deep.equal([
        ['a', false],
        ['b', true],
        ['c', true],
        ['d', true],
      ]);
    });

    it('keeps a sign apart from the operator before it', () => {
      expect(kinds('b=-1')).to.deep.equal(['word:b', 'punct:=', 'punct:-', 'literal:1']);
    });

    it('reads `#` as a comment only in MySQL', () => {
      expect(kinds('a # b', 'mysql')).to.deep.equal(['word:a']);
      expect(kinds('a # b')).to.deep.equal(['word:a', 'punct:#', 'word:b']);
    });

    it('makes the rest of the text one `rest` token where a string reads two ways', () => {
      expect(kinds("a 'x\\' b 'c'")).to.deep.equal(['word:a', "rest:'x\\' b 'c'"]);
      expect(kinds("a 'x\\' b 'c'", 'mysql')).to.deep.equal([
        'word:a',
        "literal:'x\\' b '",
        'word:c',
        "rest:'",
      ]);
    });

    it('takes a string prefix into its literal', () => {
      expect(kinds("E'a\\'b' N'c'")).to.deep.equal(["literal:E'a\\'b'", "literal:N'c'"]);
    });
  });
});
