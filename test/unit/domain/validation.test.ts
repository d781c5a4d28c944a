import { describe, expect, it } from 'vitest';
import { FieldChecker, isStrictBase64 } from '../../../shared/domain/validation.ts';
import { ValidationFailed } from '../../../shared/domain/errors.ts';

describe('FieldChecker.nameList (tags of publications and provider contracts)', () => {
  it('returns the names, and nothing for an absent list', () => {
    expect(new FieldChecker({ tags: ['dev', 'prod'] }).nameList('tags')).toEqual(['dev', 'prod']);
    expect(new FieldChecker({}).nameList('tags')).toEqual([]);
  });

  it('names each bad entry by index, and the list when it is not a list', () => {
    const checker = new FieldChecker({ tags: ['ok', '', 'two\nlines', 7, 'x'.repeat(201)] });
    expect(checker.nameList('tags')).toEqual(['ok']);
    expect(() => checker.done()).toThrow(ValidationFailed);
    try {
      checker.done();
    } catch (error) {
      expect((error as ValidationFailed).fieldErrors['tags']).toEqual([1, 2, 3, 4].map((index) => `must be a non-blank single-line name without control characters (at index ${index})`));
    }
    const notAList = new FieldChecker({ tags: 'dev' });
    notAList.nameList('tags');
    expect(() => notAList.done()).toThrow(/must be an array of at most 100 tag names/);
  });
});

describe('isStrictBase64', () => {
  it('accepts whole quads with end padding only', () => {
    expect(isStrictBase64('LS0tCnNvbWU6IGNvbnRyYWN0Cg==')).toBe(true);
    expect(isStrictBase64('abc')).toBe(false);
    expect(isStrictBase64('ab=c')).toBe(false);
    expect(isStrictBase64('not base64!')).toBe(false);
    expect(isStrictBase64('A'.repeat(8_000_000))).toBe(true); // linear on large inputs
  });
});
