import { describe, expect, it } from 'vitest';
import { deriveDisplayName, detectMainBranch } from '../../../shared/domain/names.ts';
import { formatTimestamp } from '../../../shared/domain/time.ts';

describe('deriveDisplayName', () => {
  it.each([
    ['test', 'Test'],
    ['production', 'Production'],
    ['prod-eu', 'Prod Eu'],
    ['myEnv', 'My Env'],
    ['UATEnv', 'UAT Env'],
    ['foo_bar.baz', 'Foo Bar Baz'],
    ['Pricing Service', 'Pricing Service'],
    ['uat', 'Uat'],
  ])('%s → %s', (name, expected) => {
    expect(deriveDisplayName(name)).toBe(expected);
  });
});

describe('detectMainBranch', () => {
  it('adopts develop, main or master only when no main branch is set', () => {
    expect(detectMainBranch(undefined, 'main')).toBe('main');
    expect(detectMainBranch(undefined, 'develop')).toBe('develop');
    expect(detectMainBranch(undefined, 'master')).toBe('master');
    expect(detectMainBranch(undefined, 'feat/x')).toBeUndefined();
    expect(detectMainBranch('trunk', 'main')).toBeUndefined();
  });
});

describe('formatTimestamp', () => {
  it('renders UTC to the second with a +00:00 offset', () => {
    expect(formatTimestamp('2021-09-01T00:07:21.123Z')).toBe('2021-09-01T00:07:21+00:00');
  });
});
