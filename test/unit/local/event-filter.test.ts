/** Lambda's event filtering pattern syntax, as the local event source mappings apply it (infra/local/aws/event-filter.ts). */
import { describe, expect, it } from 'vitest';
import { compileFilterCriteria, compileFilterPattern, FilterPatternError } from '../../../infra/local/aws/event-filter.ts';

/** A DynamoDB stream record as Lambda filters it. */
const record = (overrides: { eventName?: string; sk?: string; newImage?: Record<string, unknown> } = {}) => ({
  eventName: overrides.eventName ?? 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { Keys: { PK: { S: 'T#acme#E#1' }, SK: { S: overrides.sk ?? 'EVENT' } }, NewImage: overrides.newImage ?? { type: { S: 'contract_published' }, count: { N: '3' } }, SequenceNumber: '100' },
  tags: ['main', 'prod'],
  size: 12,
  nothing: null,
});
const ROUTER = '{"eventName":["INSERT"],"dynamodb":{"Keys":{"SK":{"S":["EVENT"]}}}}';

describe('filter patterns', () => {
  it.each([
    ['the router: an inserted event item', ROUTER, record(), true],
    ['the router: a modified event item', ROUTER, record({ eventName: 'MODIFY' }), false],
    ['the router: an inserted other item', ROUTER, record({ sk: 'VERSION' }), false],
    ['alternatives in a list (OR)', '{"eventName":["MODIFY","INSERT"]}', record(), true],
    ['every key must match (AND)', '{"eventName":["INSERT"],"eventSource":["aws:sqs"]}', record(), false],
    ['a number, exactly', '{"size":[12]}', record(), true],
    ['a number never equals a string', '{"size":["12"]}', record(), false],
    ['a string never equals a number', '{"dynamodb":{"NewImage":{"count":{"N":[3]}}}}', record(), false],
    ['null matches null', '{"nothing":[null]}', record(), true],
    ['null does not match a missing field', '{"missing":[null]}', record(), false],
    ['an array value matches when an element does', '{"tags":["prod"]}', record(), true],
    ['an array value with no matching element', '{"tags":["dev"]}', record(), false],
    ['prefix', '{"dynamodb":{"Keys":{"PK":{"S":[{"prefix":"T#acme#"}]}}}}', record(), true],
    ['prefix, not matching', '{"dynamodb":{"Keys":{"PK":{"S":[{"prefix":"T#other#"}]}}}}', record(), false],
    ['prefix on a number', '{"size":[{"prefix":"1"}]}', record(), false],
    ['suffix', '{"dynamodb":{"Keys":{"PK":{"S":[{"suffix":"#E#1"}]}}}}', record(), true],
    ['equals-ignore-case', '{"eventName":[{"equals-ignore-case":"insert"}]}', record(), true],
    ['wildcard', '{"dynamodb":{"Keys":{"PK":{"S":[{"wildcard":"T#*#E#*"}]}}}}', record(), true],
    ['wildcard, not matching', '{"dynamodb":{"Keys":{"PK":{"S":[{"wildcard":"T#*#V#*"}]}}}}', record(), false],
    ['exists: true on a present field', '{"dynamodb":{"NewImage":{"type":[{"exists":true}]}}}', record(), true],
    ['exists: true on a missing field', '{"dynamodb":{"NewImage":{"other":[{"exists":true}]}}}', record(), false],
    ['exists: false on a missing field', '{"dynamodb":{"NewImage":{"other":[{"exists":false}]}}}', record(), true],
    ['exists: false on a present field', '{"dynamodb":{"NewImage":{"type":[{"exists":false}]}}}', record(), false],
    ['exists: false below a missing object', '{"dynamodb":{"OldImage":{"type":[{"exists":false}]}}}', record(), true],
    ['exists: true on a field that is an object', '{"dynamodb":{"Keys":[{"exists":true}]}}', record(), true],
    ['anything-but a value', '{"eventName":[{"anything-but":"REMOVE"}]}', record(), true],
    ['anything-but the value', '{"eventName":[{"anything-but":"INSERT"}]}', record(), false],
    ['anything-but a list', '{"eventName":[{"anything-but":["MODIFY","REMOVE"]}]}', record(), true],
    ['anything-but a list holding the value', '{"eventName":[{"anything-but":["INSERT","REMOVE"]}]}', record(), false],
    ['anything-but a number', '{"size":[{"anything-but":13}]}', record(), true],
    ['anything-but a prefix', '{"dynamodb":{"Keys":{"SK":{"S":[{"anything-but":{"prefix":"VERSION"}}]}}}}', record(), true],
    ['anything-but the prefix', '{"dynamodb":{"Keys":{"SK":{"S":[{"anything-but":{"prefix":"EV"}}]}}}}', record(), false],
    ['anything-but needs the field', '{"missing":[{"anything-but":"x"}]}', record(), false],
    ['numeric range', '{"size":[{"numeric":[">",10,"<=",12]}]}', record(), true],
    ['numeric range, outside', '{"size":[{"numeric":[">",12]}]}', record(), false],
    ['numeric on a string', '{"dynamodb":{"NewImage":{"count":{"N":[{"numeric":[">",1]}]}}}}', record(), false],
    ['$or of sub-patterns', '{"$or":[{"eventName":["REMOVE"]},{"size":[12]}]}', record(), true],
    ['$or, none matching', '{"$or":[{"eventName":["REMOVE"]},{"size":[13]}]}', record(), false],
    ['a nested pattern where the value is a scalar', '{"eventName":{"S":["INSERT"]}}', record(), false],
    ['a field that is missing', '{"missing":["x"]}', record(), false],
  ])('%s', (_name, pattern, event, expected) => {
    expect(compileFilterPattern(pattern)(event)).toBe(expected);
  });

  it.each([
    ['an unknown operator', '{"eventName":[{"startsWith":"INS"}]}', /unknown operator "startsWith" at eventName/],
    ['an unknown operator inside anything-but', '{"eventName":[{"anything-but":{"wildcard":"x*"}}]}', /unknown operator "wildcard" inside "anything-but"/],
    ['an unknown numeric operator', '{"size":[{"numeric":["!=",1]}]}', /unknown numeric operator/],
    ['numeric with a string bound', '{"size":[{"numeric":[">","1"]}]}', /compares with numbers/],
    ['prefix with a number', '{"eventName":[{"prefix":1}]}', /"prefix" at eventName takes a string/],
    ['exists with a string', '{"eventName":[{"exists":"yes"}]}', /"exists" at eventName takes true or false/],
    ['two operators in one object', '{"eventName":[{"prefix":"I","suffix":"T"}]}', /exactly one operator/],
    ['a scalar where a list belongs', '{"eventName":"INSERT"}', /must be a list or an object/],
    ['an empty list', '{"eventName":[]}', /is empty/],
    ['an empty pattern', '{}', /is empty/],
    ['a pattern that is not an object', '["INSERT"]', /a pattern is a JSON object/],
    ['text that is not JSON', '{eventName: INSERT}', /not JSON/],
    ['$or with one pattern', '{"$or":[{"eventName":["INSERT"]}]}', /at least two patterns/],
    ['a wildcard with consecutive stars', '{"eventName":[{"wildcard":"I**"}]}', /consecutive/],
  ])('rejects %s when compiled', (_name, pattern, message) => {
    expect(() => compileFilterPattern(pattern)).toThrow(FilterPatternError);
    expect(() => compileFilterPattern(pattern)).toThrow(message);
  });

  it('passes a record when any filter matches, and every record without filters; at most five filters', () => {
    const criteria = compileFilterCriteria(['{"eventName":["REMOVE"]}', ROUTER]);
    expect(criteria(record())).toBe(true);
    expect(criteria(record({ sk: 'VERSION' }))).toBe(false);
    expect(compileFilterCriteria([])(record())).toBe(true);
    expect(() => compileFilterCriteria(Array.from({ length: 6 }, () => ROUTER))).toThrow(/at most five/);
  });
});
