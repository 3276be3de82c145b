// The iterative JSON position finder: the first bad token, and where a field sits, at any depth.
import { describe, expect, it } from 'vitest'
import { jsonErrorOffset, linePosition, pathOffset } from '../../src/store/json-text'

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": 1}', undefined],
    ['  [1, "x", true, null, {"b": [false]}]\n', undefined],
    ['', 0],
    ['{"a": 1', 7],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{"a" 1}', 5],
    ['{a: 1}', 1],
    ['{"a": "\\q"}', 6],
    ['{"a": "open', 6],
    ['{"a": 1} x', 9],
    ['// no comments\n{}', 0],
    ['[NaN]', 1],
  ])('%j → %s', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset)
  })

  it('finds the end of JSON opened 100,000 levels deep without overflowing the stack', () => {
    expect(jsonErrorOffset('['.repeat(100_000))).toBe(100_000)
    expect(jsonErrorOffset(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeUndefined()
  })
})

describe('pathOffset', () => {
  const text = '{\n  "a": {"b": [10, {"c": "x"}]},\n  "d": 1\n}'
  it('points at a value, an array element, a member name, and the deepest parent of a missing field', () => {
    expect(linePosition(text, pathOffset(text, ['a', 'b', 1, 'c']))).toBe('line 2, column 25')
    expect(linePosition(text, pathOffset(text, ['a', 'b', 0]))).toBe('line 2, column 15')
    expect(linePosition(text, pathOffset(text, ['d'], true))).toBe('line 3, column 3')
    expect(linePosition(text, pathOffset(text, ['a', 'missing']))).toBe('line 2, column 8')
    expect(linePosition(text, pathOffset(text, []))).toBe('line 1, column 1')
  })
})
