import fc from 'fast-check';
import { escapeLiteral } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { inlineParameters } from './run-in-pipelined-transaction';

describe('inlineParameters', () => {
  it('quotes a string exactly as pg.escapeLiteral does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(inlineParameters({ sql: '$1', parameters: [text] })).toBe(escapeLiteral(text));
      }),
      { numRuns: 500 },
    );
    expect(inlineParameters({ sql: '$1', parameters: ["it's a \\ path"] })).toBe(" E'it''s a \\\\ path'");
  });

  it('writes each value as pg would send it as a parameter, and leaves a `$n` inside a value alone', () => {
    const when = new Date('2026-01-02T03:04:05.678Z');
    const sql = inlineParameters({
      sql: 'SELECT $1, $2, $3, $4, $5, $6, $7, $8, $10',
      parameters: [
        '$2',
        null,
        undefined,
        42,
        true,
        { a: "o'k" },
        ['x', 'y z'],
        Buffer.from('hi'),
        'unused',
        when,
      ],
    });
    expect(sql).toBe(
      `SELECT '$2', NULL, NULL, '42', 'true', '{"a":"o''k"}', '{"x","y z"}',  E'\\\\x6869', ` +
        `'${String(prepareValue(when))}'`,
    );
    expect(() => inlineParameters({ sql: 'SELECT $2', parameters: ['only one'] })).toThrow(
      /\$2 has no parameter/,
    );
  });
});
