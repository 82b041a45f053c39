import { returnedRows } from './returned-rows';

describe(returnedRows.name, () => {
  it.each([
    ['an UPDATE answer', [[{ id: 'a' }, { id: 'b' }], 2], [{ id: 'a' }, { id: 'b' }]],
    ['an UPDATE that changed nothing', [[], 0], []],
    ['a SELECT or INSERT answer', [{ id: 'a' }], [{ id: 'a' }]],
    ['two rows of a SELECT', [{ id: 'a' }, { id: 'b' }], [{ id: 'a' }, { id: 'b' }]],
    ['no rows', [], []],
    ['something else', undefined, []],
  ])('reads %s', (_label, result, rows) => {
    expect(returnedRows(result)).toEqual(rows);
  });
});
