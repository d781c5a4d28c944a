import { describe, expect, it } from 'vitest';
import { tenantSessionPolicy } from '../../../shared/storage/tenant-scope.ts';

describe('tenantSessionPolicy', () => {
  const policy = JSON.parse(tenantSessionPolicy('arn:aws:dynamodb:eu-west-1:123:table/broker', 'acme'));
  const statement = policy.Statement[0];

  it("confines a session to the tenant's partition keys, in the table and its indexes", () => {
    expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#acme', 'T#acme#*'] } });
    expect(statement.Resource).toEqual(['arn:aws:dynamodb:eu-west-1:123:table/broker', 'arn:aws:dynamodb:eu-west-1:123:table/broker/index/*']);
  });

  it('never allows Scan (it carries no leading keys) nor wildcards', () => {
    expect(statement.Action).not.toContain('dynamodb:Scan');
    for (const action of statement.Action) expect(action).not.toContain('*');
  });

  it('does not let one tenant id match another as a prefix', () => {
    const [exact, children] = statement.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'] as [string, string];
    const matches = (key: string) => key === exact || (key.startsWith(children.slice(0, -1)));
    expect(matches('T#acme#P#Foo')).toBe(true);
    expect(matches('T#acme-2#P#Foo')).toBe(false);
    expect(matches('T#acm')).toBe(false);
  });
});
