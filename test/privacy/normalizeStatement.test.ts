import { expect } from 'chai';
import fc from 'fast-check';
import {
  MAX_STATEMENT_INPUT_LENGTH,
  MAX_STATEMENT_OUTPUT_LENGTH,
  normalizeStatement,
} from '../../src/privacy/normalizeStatement.js';

// Every secret a generated literal holds starts with this: no keyword or identifier does.
const SECRET = 'qx';

describe('normalizeStatement', () => {
  describe('#normalizeStatement (SQL)', () => {
    const cases: [string, string, string][] = [
      ['postgresql', 'SELECT * FROM users WHERE id = 42', 'SELECT * FROM users WHERE id = ?'],
      ['postgresql', "SELECT pg_sleep(0.5), 'it''s'", 'SELECT pg_sleep(?), ?'],
      ['postgresql', 'SELECT id FROM items WHERE id = $1', 'SELECT id FROM items WHERE id = $1'],
      [
        'postgresql',
        'select\n\t a  from  t -- who=bob\n where b=-1.5e-3',
        'select a from t where b=?',
      ],
      ['postgresql', 'SELECT /* user 7 /* nested */ still */ 1', 'SELECT ?'],
      ['postgresql', 'SELECT a - 1, -2, x * -3 FROM t', 'SELECT a - ?, ?, x * ? FROM t'],
      ['postgresql', 'SELECT 0xFF, 1e10, .5, 12abc', 'SELECT ?, ?, ?, ?'],
      ['postgresql', "SELECT E'a\\'b', X'1F', N'nat', U&'d\\0061t'", 'SELECT ?, ?, ?, ?'],
      ['postgresql', 'SELECT $$body$$, $fn$ a $$ b $fn$, $2', 'SELECT ?, ?, $2'],
      [
        'postgresql',
        'UPDATE t SET active = TRUE WHERE gone = false',
        'UPDATE t SET active = ? WHERE gone = ?',
      ],
      ['postgresql', 'SELECT * FROM t WHERE id IN (1, 2, 3)', 'SELECT * FROM t WHERE id IN (?)'],
      [
        'postgresql',
        'SELECT * FROM t WHERE id NOT IN ($1,$2)',
        'SELECT * FROM t WHERE id NOT IN (?)',
      ],
      [
        'postgresql',
        'SELECT * FROM t WHERE id IN (SELECT id FROM u)',
        'SELECT * FROM t WHERE id IN (SELECT id FROM u)',
      ],
      [
        'postgresql',
        "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (-3, 'z')",
        'INSERT INTO t (a, b) VALUES (?)',
      ],
      [
        'postgresql',
        'INSERT INTO t (a) VALUES ($1) RETURNING id',
        'INSERT INTO t (a) VALUES (?) RETURNING id',
      ],
      [
        'postgresql',
        'SELECT "Order"."id" FROM "Order" WHERE x = :name',
        'SELECT "Order"."id" FROM "Order" WHERE x = :name',
      ],
      [
        'postgresql',
        "SELECT a::text, b[2] FROM t WHERE c ? 'k'",
        'SELECT a::text, b[?] FROM t WHERE c ? ?',
      ],
      ['postgresql', "SELECT interval '1 day'", 'SELECT interval ?'],
      [
        'mysql',
        "SELECT * FROM `users` WHERE name = 'O\\'Brien' AND n = \"two\" # note 5",
        'SELECT * FROM `users` WHERE name = ? AND n = ?',
      ],
      ['mysql', "SELECT @@version, @v, _utf8mb4'x' FROM dual", 'SELECT @@version, @v, ? FROM dual'],
      [
        'mssql',
        "SELECT [user id] FROM [t] WHERE n = N'x' AND p = @p",
        'SELECT [user id] FROM [t] WHERE n = ? AND p = @p',
      ],
      ['sqlite', 'SELECT "maybe a string" FROM t', 'SELECT ? FROM t'],
      [
        'oracle',
        "SELECT q'[it's]', Nq'{x}' FROM dual WHERE a = :1",
        'SELECT ?, ? FROM dual WHERE a = :?',
      ],
      // A `\'` reads two ways on PostgreSQL (standard_conforming_strings): masked to the end.
      ['postgresql', "SELECT 'a\\' AND b = 'c' FROM t", 'SELECT ?'],
      ['postgresql', "SELECT 'open", 'SELECT ?'],
      ['postgresql', 'SELECT $tag$ open', 'SELECT ?'],
      ['postgresql', '', ''],
    ];
    for (const [system, input, expected] of cases) {
      it(`masks ${JSON.stringify(input)} (${system})`, () => {
        expect(normalizeStatement(system, input)).to.equal(expected);
      });
    }

    it('reads no further than the input bound and cuts the output at its own', () => {
      const long = `SELECT ${Array.from({ length: 400 }, (_, i) => `col${'x'.repeat(i % 7)}`).join(', ')}`;
      const out = normalizeStatement('postgresql', long);
      expect(out.length).to.equal(MAX_STATEMENT_OUTPUT_LENGTH);
      expect(out.endsWith('…')).to.equal(true);
      const beyond = `${'SELECT a '.repeat(MAX_STATEMENT_INPUT_LENGTH / 9 + 1)}FROM secret_table`;
      expect(normalizeStatement('postgresql', beyond)).not.to.include('secret_table');
    });
  });

  describe('#normalizeStatement (Redis)', () => {
    for (const [input, expected] of [
      ['get user:42', 'GET'],
      ['SET session:abc [1 other arguments]', 'SET'],
      ['  HSET h f v', 'HSET'],
      ['JSON.SET k $ 1', 'JSON.SET'],
      ['"quoted" x', '?'],
      ['', '?'],
    ]) {
      it(`keeps the command of ${JSON.stringify(input)}`, () => {
        expect(normalizeStatement('redis', input as string)).to.equal(expected);
      });
    }
  });

  describe('#normalizeStatement (MongoDB)', () => {
    const cases: [string, string][] = [
      [
        '{"find":"users","filter":{"name":"bob","age":{"$gt":30}}}',
        'find users {name:?,age:{$gt:?}}',
      ],
      ['{"find":"?","filter":{"name":"?"}}', 'find {name:?}'],
      ['{"delete":"users","deletes":[{"q":{"_id":"x"},"limit":1}]}', 'delete users {_id:?}'],
      [
        '{"name":"bob","tags":["a","b"],"or":[{"a":1},{"a":2},{"b":3}]}',
        '{name:?,tags:[?],or:[{a:?},{b:?}]}',
      ],
      ['{"insert":"users","documents":[{"email":"x@y"}]}', 'insert users'],
      ['{"find":"users","filter":{"name":"cut', 'find users {name:?}'],
      ['{"find":"users","filter":{"a b":1}}', 'find users {?:?}'],
      ['not json at all', '?'],
    ];
    for (const [input, expected] of cases) {
      it(`shapes ${input}`, () => {
        expect(normalizeStatement('mongodb', input)).to.equal(expected);
      });
    }
  });

  describe('no literal survives (property)', () => {
    const secret = fc.stringMatching(/^[a-z]{5}$/).map((s) => `${SECRET}${s}`);
    // String content with everything that trips a lexer: quotes, backslashes, comment and dollar marks.
    const content = fc
      .array(
        fc.oneof(
          secret,
          fc.constantFrom("'", '"', '\\', '--', '/*', '*/', '$', '#', ' ', '\n', 'a', ',', ')'),
        ),
        {
          minLength: 1,
          maxLength: 8,
        },
      )
      .map((parts) => `${parts.join('')}${SECRET}end`);
    const pgString = content.map((c) => `'${c.replaceAll("'", "''")}'`);
    const mysqlString = content.map(
      (c) => `'${c.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
    );
    const mysqlDouble = content.map(
      (c) => `"${c.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
    );
    const dollar = fc
      .tuple(fc.constantFrom('', 'fn', 'body'), content)
      .filter(([tag, c]) => !`${c}$`.includes(`$${tag}$`))
      .map(([tag, c]) => `$${tag}$${c}$${tag}$`);
    const number = fc.oneof(
      fc.integer({ min: 100, max: 2_000_000_000 }).map(String),
      fc.integer({ min: 100, max: 99_999 }).map((n) => `-${n}`),
      fc
        .tuple(fc.integer({ min: 10, max: 9999 }), fc.integer({ min: 10, max: 999 }))
        .map(([a, b]) => `${a}.${b}`),
      fc
        .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 99 }))
        .map(([a, b]) => `${a}.5e-${b}`),
      fc.integer({ min: 256, max: 1 << 30 }).map((n) => `0x${n.toString(16)}`),
      fc.constantFrom('TRUE', 'false', 'True'),
    );
    const comment = fc.oneof(
      secret.map((s) => `-- ${s}\n`),
      secret.map((s) => `/* ${s} */`),
    );
    const keep = fc.constantFrom(
      'SELECT',
      'FROM',
      'users',
      'WHERE',
      'id',
      '=',
      'AND',
      '(',
      ')',
      ',',
      'IN',
      'VALUES',
      '$1',
      '?',
      ':name',
      'ORDER BY',
      '"Users"',
      '-',
      '::text',
    );
    const list = (literal: fc.Arbitrary<string>) =>
      fc.array(literal, { minLength: 1, maxLength: 4 }).map((items) => `IN (${items.join(', ')})`);
    const separator = fc.constantFrom(' ', '\n', '\t ', '  ');

    function statements(literal: fc.Arbitrary<string>): fc.Arbitrary<string> {
      const token = fc.oneof(
        { weight: 3, arbitrary: keep },
        { weight: 3, arbitrary: literal },
        { weight: 1, arbitrary: comment },
        { weight: 1, arbitrary: list(literal) },
      );
      return fc
        .array(fc.tuple(token, separator), { maxLength: 30 })
        .map((parts) => parts.map(([t, s]) => t + s).join(''));
    }

    function assertNoLiteral(system: string, statement: string): void {
      const out = normalizeStatement(system, statement);
      expect(out.length).to.be.at.most(MAX_STATEMENT_OUTPUT_LENGTH);
      expect(out, statement).not.to.include(SECRET);
      // Placeholders are single-digit `$1` here: any other digit is a leaked number.
      expect(out.replaceAll('$1', ''), statement).not.to.match(/\d/);
      expect(out, statement).not.to.match(/\b(?:true|false)\b/i);
    }

    it('holds for PostgreSQL statements', () => {
      const literal = fc.oneof(
        pgString,
        dollar,
        number,
        pgString.map((s) => `E${s.replaceAll('\\', '\\\\')}`),
      );
      fc.assert(
        fc.property(statements(literal), (s) => assertNoLiteral('postgresql', s)),
        { numRuns: 2_000 },
      );
    });

    it('holds for MySQL statements', () => {
      const literal = fc.oneof(mysqlString, mysqlDouble, number);
      const hash = secret.map((s) => `# ${s}\n`);
      const withHash = fc
        .tuple(statements(literal), hash, statements(literal))
        .map((p) => p.join(' '));
      fc.assert(
        fc.property(withHash, (s) => assertNoLiteral('mysql', s)),
        { numRuns: 2_000 },
      );
    });

    it('holds when a statement escaped for MySQL reaches another system', () => {
      // Backslash-escaped strings read two ways without backslash escapes: masked to the end.
      const literal = fc.oneof(pgString, mysqlString, dollar, number);
      const system = fc.constantFrom('postgresql', 'mssql', 'sqlite', 'oracle', 'cassandra');
      fc.assert(
        fc.property(system, statements(literal), (sys, s) => assertNoLiteral(sys, s)),
        {
          numRuns: 2_000,
        },
      );
    });

    it('holds for statements cut at the input bound', () => {
      const literal = fc.oneof(pgString, dollar, number);
      const long = fc
        .tuple(fc.integer({ min: 0, max: 40 }), statements(literal))
        .map(([pad, s]) => `${'SELECT a '.repeat((MAX_STATEMENT_INPUT_LENGTH - pad) / 9)}${s}`);
      fc.assert(
        fc.property(long, (s) => assertNoLiteral('postgresql', s)),
        { numRuns: 300 },
      );
    });

    it('never throws and stays bounded on any text, for any system', () => {
      const system = fc.constantFrom(
        'postgresql',
        'mysql',
        'mssql',
        'oracle',
        'redis',
        'mongodb',
        'x',
      );
      const unit = fc.oneof(
        fc.constantFrom(
          "'",
          '"',
          '`',
          '[',
          ']',
          '\\',
          '$',
          '$$',
          '--',
          '/*',
          '*/',
          '#',
          '{',
          '}',
          ':',
          'q',
          'E',
          '\n',
          ' ',
          '1',
          '-',
        ),
        fc.string({ maxLength: 3, unit: 'binary' }),
      );
      fc.assert(
        fc.property(system, fc.array(unit, { maxLength: 200 }), (sys, parts) => {
          const out = normalizeStatement(sys, parts.join(''));
          expect(out.length).to.be.at.most(MAX_STATEMENT_OUTPUT_LENGTH);
        }),
        { numRuns: 3_000 },
      );
    });

    it('holds for Redis and MongoDB statements', () => {
      const value = fc.oneof(secret, fc.integer({ min: 100 }).map(String));
      const redis = fc
        .tuple(fc.constantFrom('GET', 'set', 'HSET', 'del'), fc.array(value))
        .map(([c, a]) => [c, ...a].join(' '));
      fc.assert(
        fc.property(redis, (s) => assertNoLiteral('redis', s)),
        { numRuns: 500 },
      );
      const doc = fc.letrec<{ doc: unknown }>((tie) => ({
        doc: fc.oneof(
          { depthSize: 'small' },
          fc.oneof(secret, fc.integer({ min: 100 }), fc.boolean()),
          fc.array(tie('doc'), { maxLength: 3 }),
          fc.dictionary(fc.constantFrom('name', '$gt', 'tags', 'a'), tie('doc'), { maxKeys: 3 }),
        ),
      })).doc;
      const command = fc
        .tuple(fc.constantFrom('find', 'aggregate', 'update'), doc)
        .map(([op, filter]) => JSON.stringify({ [op]: 'users', filter }));
      fc.assert(
        fc.property(command, (s) => assertNoLiteral('mongodb', s)),
        { numRuns: 500 },
      );
    });
  });
});
