import { isSheetLines } from '../../imports/xlsx-lines-worker';

// The parser thread's chunks are checked where they lie (not copied), and anything else is refused.
test("a chunk from the parser thread is accepted only as lines of a line number and the cells' text", () => {
  expect(isSheetLines([{ line: 2, values: ['17', 'a1@council.example', 'CD100001'] }, { line: 3, values: [] }])).toBe(true);
  expect(isSheetLines([])).toBe(true);

  expect(isSheetLines({ line: 2, values: ['17'] })).toBe(false);
  expect(isSheetLines([{ line: '2', values: ['17'] }])).toBe(false);
  expect(isSheetLines([{ line: 2.5, values: ['17'] }])).toBe(false);
  expect(isSheetLines([{ line: 2, values: ['17', 18] }])).toBe(false);
  expect(isSheetLines([{ line: 2 }])).toBe(false);
  expect(isSheetLines([null])).toBe(false);
});
