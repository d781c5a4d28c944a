import { describe, expect, it } from 'vitest';
import * as keys from '../../../shared/storage/keys.ts';

describe('key builders', () => {
  it('pin the exact key strings', () => {
    expect(keys.tenantKey('acme')).toEqual({ PK: 'T#acme', SK: 'TENANT' });
    expect(keys.pacticipantKey('acme', 'Foo')).toEqual({ PK: 'T#acme#P#Foo', SK: 'PACTICIPANT' });
    expect(keys.versionKey('acme', 'Foo', '1.2.3')).toEqual({ PK: 'T#acme#P#Foo#V#1.2.3', SK: 'VERSION' });
    expect(keys.versionGsi1('acme', 'Foo', 42)).toEqual({ GSI1PK: 'T#acme#P#Foo#VERSIONS', GSI1SK: '000000000000042' });
    expect(keys.tagKey('acme', 'Foo', '1', 'prod')).toEqual({ PK: 'T#acme#P#Foo#V#1', SK: 'TAG#prod' });
    expect(keys.branchVersionGsi1('acme', 'Foo', 'main', 7)).toEqual({ GSI1PK: 'T#acme#P#Foo#B#main', GSI1SK: '000000000000007' });
    expect(keys.environmentKey('acme', 'e1')).toEqual({ PK: 'T#acme#ENVIRONMENTS', SK: 'ENV#e1' });
    expect(keys.environmentNameKey('acme', 'test')).toEqual({ PK: 'T#acme#ENVIRONMENTS', SK: 'NAME#test' });
    expect(keys.currentlyDeployedKey('acme', 'e1', 'Foo', undefined)).toEqual({ PK: 'T#acme#ENV#e1#CURRENTLY_DEPLOYED', SK: 'P#Foo#NO_INSTANCE' });
    expect(keys.currentlyDeployedKey('acme', 'e1', 'Foo', 'blue')).toEqual({ PK: 'T#acme#ENV#e1#CURRENTLY_DEPLOYED', SK: 'P#Foo#I#blue' });
    expect(keys.deployedVersionKey('acme', 'd1')).toEqual({ PK: 'T#acme#DV#d1', SK: 'DEPLOYED_VERSION' });
    expect(keys.releaseLockKey('acme', 'e1', 'Foo', '1')).toEqual({ PK: 'T#acme#ENV#e1#RELEASES', SK: 'P#Foo#V#1' });
    expect(keys.currentlySupportedKey('acme', 'e1', 'Foo', '1')).toEqual({ PK: 'T#acme#ENV#e1#CURRENTLY_SUPPORTED', SK: 'P#Foo#V#1' });
    // Index entries that let a deletion find contents and comparisons without a scan.
    expect(keys.pactVersionGsi1('acme', 'Foo', 'Bar', 'abc')).toEqual({ GSI1PK: 'T#acme#PACT_VERSIONS#Foo#Bar', GSI1SK: 'abc' });
    expect(keys.providerContractContentGsi1('acme', 'Bar', 'def')).toEqual({ GSI1PK: 'T#acme#OAS_CONTENTS#Bar', GSI1SK: 'def' });
    expect(keys.comparisonGsi1('acme', 'Foo', 'Bar', 'abc', 'def', 'RESULT')).toEqual({ GSI1PK: 'T#acme#COMPARISONS#Foo#Bar', GSI1SK: 'abc#def#RESULT' });
    expect(keys.comparisonGsi1('acme', 'Foo', 'Bar', 'abc', 'def', 'REQUESTED').GSI1SK.startsWith(keys.comparisonsOfPactPrefix('abc'))).toBe(true);
  });

  it('escape # and % in names so a name can never forge a separator or another tenant', () => {
    expect(keys.pacticipantKey('acme', 'Foo#V#1').PK).toBe('T#acme#P#Foo%23V%231');
    expect(keys.pacticipantKey('a#b', 'Foo').PK).toBe('T#a%23b#P#Foo');
    expect(keys.versionKey('acme', 'Foo', '100%').PK).toBe('T#acme#P#Foo#V#100%25');
    // "Foo" + version "x#V#y" cannot collide with pacticipant "Foo#V#x" + version "y".
    expect(keys.versionKey('acme', 'Foo', 'x#V#y').PK).not.toBe(keys.versionKey('acme', 'Foo#V#x', 'y').PK);
  });

  it('keep "no instance" distinct from every instance name, including the sentinel text itself', () => {
    const none = keys.currentlyDeployedKey('t', 'e', 'Foo', undefined).SK;
    expect(keys.currentlyDeployedKey('t', 'e', 'Foo', 'NO_INSTANCE').SK).not.toBe(none);
    expect(keys.currentlyDeployedKey('t', 'e', 'Foo', '').SK).not.toBe(none);
  });

  it('start every partition key (table and GSI) with the tenant prefix', () => {
    const tenant = 'tenant-1';
    const partitionKeys = [
      keys.tenantKey(tenant).PK,
      keys.tenantCounterKey(tenant).PK,
      keys.pacticipantKey(tenant, 'p').PK,
      keys.pacticipantListGsi1(tenant, 'p').GSI1PK,
      keys.branchKey(tenant, 'p', 'b').PK,
      keys.versionKey(tenant, 'p', 'v').PK,
      keys.versionGsi1(tenant, 'p', 1).GSI1PK,
      keys.tagKey(tenant, 'p', 'v', 't').PK,
      keys.tagGsi1(tenant, 'p', 't', 1).GSI1PK,
      keys.branchVersionKey(tenant, 'p', 'b', 'v').PK,
      keys.branchVersionGsi1(tenant, 'p', 'b', 1).GSI1PK,
      keys.lifecycleGsi2Partition(tenant, 'p', 'v'),
      keys.environmentKey(tenant, 'e').PK,
      keys.environmentNameKey(tenant, 'n').PK,
      keys.deployedVersionKey(tenant, 'd').PK,
      keys.deployedVersionGsi1(tenant, 'e', 'c', 'd').GSI1PK,
      keys.deployedVersionGsi2(tenant, 'p', 'v', 'e', 'c', 'd').GSI2PK,
      keys.currentlyDeployedKey(tenant, 'e', 'p', undefined).PK,
      keys.releasedVersionKey(tenant, 'r').PK,
      keys.releasedVersionGsi2(tenant, 'p', 'v', 'e', 'c', 'r').GSI2PK,
      keys.releaseLockKey(tenant, 'e', 'p', 'v').PK,
      keys.currentlySupportedKey(tenant, 'e', 'p', 'v').PK,
      keys.pactVersionGsi1(tenant, 'c', 'p', 's').GSI1PK,
      keys.providerContractContentGsi1(tenant, 'p', 's').GSI1PK,
      keys.comparisonGsi1(tenant, 'c', 'p', 's', 'o', 'RESULT').GSI1PK,
    ];
    for (const partitionKey of partitionKeys) expect(partitionKey === 'T#tenant-1' || partitionKey.startsWith('T#tenant-1#')).toBe(true);
  });

  it('order sequence keys numerically', () => {
    expect(keys.sequenceKey(9) < keys.sequenceKey(10)).toBe(true);
    expect(keys.sequenceKey(999_999) < keys.sequenceKey(1_000_000)).toBe(true);
  });
});
