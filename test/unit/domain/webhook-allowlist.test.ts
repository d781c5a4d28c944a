/** What a webhook may reach: the operator's allowlists, and the addresses a webhook may connect to without them. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addressAllowed,
  classifyAddress,
  parseIpAddress,
  webhookPolicyFrom,
  webhookRequestProblems,
  webhookTarget,
  WebhookSettingInvalid,
  type AddressClass,
} from '../../../shared/domain/webhooks/allowlist.ts';

const HOSTS = 'PACT_BROKER_WEBHOOK_HOST_WHITELIST';
const SCHEMES = 'PACT_BROKER_WEBHOOK_SCHEME_WHITELIST';
const METHODS = 'PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST';

const defaults = webhookPolicyFrom({});
const withHosts = (hosts: string) => webhookPolicyFrom({ [HOSTS]: hosts });

describe('webhookPolicyFrom', () => {
  it('defaults to https and POST with no host allowlist, as the reference does; a blank setting is the default', () => {
    expect(defaults).toEqual({ hosts: [], schemes: ['https'], methods: ['POST'] });
    expect(webhookPolicyFrom({ [HOSTS]: '  ', [SCHEMES]: '', [METHODS]: ' ' })).toEqual(defaults);
  });

  it('reads space-separated lists: schemes lower-cased, methods upper-cased, repeats dropped', () => {
    const policy = webhookPolicyFrom({ [SCHEMES]: 'HTTP  https', [METHODS]: 'post Put\tPOST' });
    expect(policy.schemes).toEqual(['http', 'https']);
    expect(policy.methods).toEqual(['POST', 'PUT']);
  });

  it.each([
    ['hooks.example.com', { kind: 'name', name: 'hooks.example.com' }],
    ['Hooks.Example.COM.', { kind: 'name', name: 'hooks.example.com' }],
    ['bücher.example', { kind: 'name', name: 'xn--bcher-kva.example' }],
    ['*.example.com', { kind: 'wildcard', parent: 'example.com' }],
    ['/\\.example\\.com$/', { kind: 'pattern' }],
    ['10.0.0.0/8', { kind: 'network', network: { family: 4, base: 0x0a000000n, prefix: 8 } }],
    ['10.2.3.41/24', { kind: 'network', network: { family: 4, base: 0x0a020300n, prefix: 24 } }],
    ['192.0.2.7', { kind: 'network', network: { family: 4, base: 0xc0000207n, prefix: 32 } }],
    ['fd00::/8', { kind: 'network', network: { family: 6, base: 0xfdn << 120n, prefix: 8 } }],
    ['[::1]', { kind: 'network', network: { family: 6, base: 1n, prefix: 128 } }],
    ['::ffff:10.0.0.0/104', { kind: 'network', network: { family: 4, base: 0x0a000000n, prefix: 8 } }],
    ['2130706433', { kind: 'network', network: { family: 4, base: 0x7f000001n, prefix: 32 } }],
  ])('reads the host entry %s', (entry, expected) => {
    expect(withHosts(entry).hosts).toEqual([expect.objectContaining({ ...expected, text: entry })]);
  });

  it.each([
    [HOSTS, '/(unclosed/'],
    [HOSTS, '10.0.0.0/33'],
    [HOSTS, 'fd00::/129'],
    [HOSTS, '10.0.0.0/x'],
    [HOSTS, 'a*.example.com'],
    [HOSTS, 'www.*.example.com'],
    [HOSTS, '*.10.0.0.1'],
    [HOSTS, 'hooks.example.com:8443'],
    [HOSTS, 'https://hooks.example.com'],
    [HOSTS, 'user@hooks.example.com'],
    [HOSTS, '192.0.345.4'],
    [SCHEMES, 'ftp'],
    [SCHEMES, 'file'],
    [METHODS, 'P@ST'],
  ])('refuses %s=%s rather than guess what it means', (setting, value) => {
    expect(() => webhookPolicyFrom({ [setting]: value })).toThrow(WebhookSettingInvalid);
  });
});

describe('webhookRequestProblems', () => {
  const methodMessage = "must be POST. The broker's operator allows webhooks only these methods (PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST).";
  const schemeMessage = "scheme must be https. The broker's operator allows webhooks only these schemes (PACT_BROKER_WEBHOOK_SCHEME_WHITELIST).";
  const hostMessage = "host is not one the broker's operator allows webhooks to reach (PACT_BROKER_WEBHOOK_HOST_WHITELIST).";
  const invalidUrl = 'is not a valid URL, e.g. https://example.org';
  const templatedHost = 'cannot have a template parameter in the host (nor in the scheme, port or user information)';
  const allowlisted = webhookPolicyFrom({ [HOSTS]: 'hooks.example.com *.ci.example.com /\\.slack\\.com$/ 10.1.0.0/16 fd00::/8', [SCHEMES]: 'https http', [METHODS]: 'POST PUT' });

  const cases: { name: string; policy?: typeof defaults; method?: string; url: string; expected: Record<string, string[]> }[] = [
    { name: 'a public https POST', url: 'https://hooks.example.com/build', expected: {} },
    { name: 'the method in any case', method: 'post', url: 'https://hooks.example.com/', expected: {} },
    { name: 'template parameters in path and query', url: 'https://hooks.example.com/${pactbroker.consumerName}/x?sha=${pactbroker.pactVersionSha}#${pactbroker.providerName}', expected: {} },
    { name: 'GET under the default methods', method: 'GET', url: 'https://hooks.example.com/', expected: { 'request.method': [methodMessage] } },
    { name: 'a method that is not an HTTP token', method: 'PO ST', url: 'https://hooks.example.com/', expected: { 'request.method': ['is not a valid HTTP method'] } },
    {
      name: 'several allowed methods are listed',
      policy: allowlisted,
      method: 'DELETE',
      url: 'https://hooks.example.com/',
      expected: { 'request.method': ["must be one of POST, PUT. The broker's operator allows webhooks only these methods (PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST)."] },
    },
    { name: 'http under the default schemes', url: 'http://hooks.example.com/', expected: { 'request.url': [schemeMessage] } },
    { name: 'not a URL', url: 'hooks.example.com/build', expected: { 'request.url': [invalidUrl] } },
    { name: 'no host', url: 'mailto:someone@example.com', expected: { 'request.url': [invalidUrl] } },
    { name: 'an empty label', url: 'https://hooks..example.com/', expected: { 'request.url': [invalidUrl] } },
    { name: 'a template parameter in the host', url: 'https://${pactbroker.consumerName}.example.com/', expected: { 'request.url': [templatedHost] } },
    { name: 'a template parameter right after the host', url: 'https://example.com${pactbroker.consumerName}/', expected: { 'request.url': [templatedHost] } },
    { name: 'a template parameter in the user information', url: 'https://${pactbroker.consumerName}@example.com/', expected: { 'request.url': [templatedHost] } },
    { name: 'a template parameter in the scheme', url: 'http${pactbroker.consumerName}://example.com/', expected: { 'request.url': [templatedHost] } },
    { name: 'a template parameter in the port', url: 'https://example.com:${pactbroker.port}/', expected: { 'request.url': [invalidUrl] } },
    { name: 'both fields at once', method: 'GET', url: 'http://hooks.example.com/', expected: { 'request.method': [methodMessage], 'request.url': [schemeMessage] } },
    { name: 'a literal loopback address', url: 'https://127.0.0.1/', expected: { 'request.url': ['127.0.0.1 is a loopback address; the operator has not allowed it (PACT_BROKER_WEBHOOK_HOST_WHITELIST)'] } },
    { name: 'a literal metadata address', url: 'https://169.254.169.254/latest/meta-data/', expected: { 'request.url': ['169.254.169.254 is a cloud metadata service address; the operator has not allowed it (PACT_BROKER_WEBHOOK_HOST_WHITELIST)'] } },
    {
      name: 'a literal IPv4-mapped loopback address, however written',
      url: 'https://[0:0:0:0:0:FFFF:7F00:1]/',
      expected: { 'request.url': ['::ffff:7f00:1 is a loopback address (it carries the IPv4 address 127.0.0.1); the operator has not allowed it (PACT_BROKER_WEBHOOK_HOST_WHITELIST)'] },
    },
    { name: 'a literal public address', url: 'https://8.8.8.8/', expected: {} },
    { name: 'an exact host entry', policy: allowlisted, url: 'https://hooks.example.com/', expected: {} },
    { name: 'an exact host entry with a trailing dot in the URL', policy: allowlisted, url: 'https://hooks.example.com./', expected: {} },
    { name: 'an exact host entry does not cover its subdomains', policy: allowlisted, url: 'https://a.hooks.example.com/', expected: { 'request.url': [hostMessage] } },
    { name: 'a wildcard entry covers one label', policy: allowlisted, url: 'https://jenkins.ci.example.com/', expected: {} },
    { name: 'a wildcard entry does not cover the bare domain', policy: allowlisted, url: 'https://ci.example.com/', expected: { 'request.url': [hostMessage] } },
    { name: 'a wildcard entry does not cover two labels', policy: allowlisted, url: 'https://a.b.ci.example.com/', expected: { 'request.url': [hostMessage] } },
    { name: 'a wildcard entry is not a suffix match', policy: allowlisted, url: 'https://evilci.example.com/', expected: { 'request.url': [hostMessage] } },
    { name: 'a pattern entry', policy: allowlisted, url: 'https://hooks.slack.com/services/x', expected: {} },
    { name: 'a pattern entry does not match an address host', policy: withHosts('/.*/'), url: 'https://8.8.8.8/', expected: { 'request.url': [hostMessage] } },
    { name: 'a network entry covers an address host', policy: allowlisted, url: 'https://10.1.200.3/', expected: {} },
    { name: 'a network entry covers the mapped form of its addresses', policy: allowlisted, url: 'https://[::ffff:10.1.2.3]/', expected: {} },
    { name: 'an IPv6 network entry', policy: allowlisted, url: 'https://[fd12::1]:8443/', expected: {} },
    { name: 'outside the network entry', policy: allowlisted, url: 'https://10.2.0.1/', expected: { 'request.url': [hostMessage] } },
    { name: 'a network entry does not cover a host name', policy: allowlisted, url: 'https://internal.example.net/', expected: { 'request.url': [hostMessage] } },
  ];

  it.each(cases)('$name', ({ policy = defaults, method = 'POST', url, expected }) => {
    expect(webhookRequestProblems(policy, { method, url })).toEqual(expected);
  });
});

describe('classifyAddress', () => {
  const cases: [string, AddressClass | 'public', string?][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fdff:ffff::1', 'private'],
    ['64:ff9b:1::a00:1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['169.254.169.254', 'cloud-metadata'],
    ['169.254.170.2', 'cloud-metadata'],
    ['100.100.100.200', 'cloud-metadata'],
    ['168.63.129.16', 'cloud-metadata'],
    ['fd00:ec2::254', 'cloud-metadata'],
    ['100.64.0.1', 'carrier-grade-nat'],
    ['100.127.255.255', 'carrier-grade-nat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['1::', 'reserved'],
    ['5f00::1', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['2001:2::1', 'benchmarking'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['192.0.0.8', 'ietf-protocol'],
    ['2001::1', 'ietf-protocol'],
    ['100::1', 'discard-only'],
    // Embedding an IPv4 address: mapped, NAT64, 6to4, compatible, translated.
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.1'],
    ['::ffff:7f00:1', 'loopback', '127.0.0.1'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'cloud-metadata', '169.254.169.254'],
    ['64:ff9b::10.0.0.1', 'private', '10.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'cloud-metadata', '169.254.169.254'],
    ['2002:7f00:1::1', 'loopback', '127.0.0.1'],
    ['2002:c0a8:101::', 'private', '192.168.1.1'],
    ['::127.0.0.1', 'loopback', '127.0.0.1'],
    ['::8.8.8.8', 'reserved', '8.8.8.8'],
    ['::ffff:0:10.0.0.1', 'private', '10.0.0.1'],
    // Public.
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['169.253.255.255', 'public'],
    ['223.255.255.255', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public', '8.8.8.8'],
    ['64:ff9b::8.8.8.8', 'public', '8.8.8.8'],
    ['2002:808:808::1', 'public', '8.8.8.8'],
  ];

  it.each(cases)('%s is %s', (text, expected, embedded) => {
    const address = parseIpAddress(text);
    expect(address, text).toBeDefined();
    const classification = classifyAddress(address!);
    expect(classification.kind === 'public' ? 'public' : classification.class).toBe(expected);
    expect(classification.embeddedIpv4).toBe(embedded);
  });

  it.each(['', 'localhost', '1.2.3', '1.2.3.4.5', '256.0.0.1', '010.0.0.1', '0x7f.0.0.1', '2130706433', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1::', '12345::', '::ffff:1.2.3.256', 'fe80::1%', '[::1'])('%j is not an address (and so never allowed)', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
    expect(addressAllowed(withHosts('0.0.0.0/0 ::/0'), 'example.com', text).allowed).toBe(false);
  });
});

describe('addressAllowed', () => {
  const cases: { name: string; hosts?: string; host: string; ip: string; allowed: boolean }[] = [
    { name: 'a public address, no allowlist', host: 'hooks.example.com', ip: '8.8.8.8', allowed: true },
    { name: 'loopback, no allowlist', host: 'localhost', ip: '127.0.0.1', allowed: false },
    { name: 'metadata, no allowlist', host: 'metadata.google.internal', ip: '169.254.169.254', allowed: false },
    { name: 'a private address inside a CIDR entry', hosts: '10.0.0.0/8', host: 'ci.corp', ip: '10.1.2.3', allowed: true },
    { name: 'a private address outside the CIDR entry', hosts: '10.0.0.0/8', host: 'ci.corp', ip: '192.168.1.1', allowed: false },
    { name: 'the mapped form inside an IPv4 CIDR entry', hosts: '10.0.0.0/8', host: 'ci.corp', ip: '::ffff:10.1.2.3', allowed: true },
    { name: 'an IPv6 CIDR entry', hosts: 'fd00::/8', host: 'ci.corp', ip: 'fd12::1', allowed: true },
    { name: 'an exact address entry', hosts: '127.0.0.1', host: '127.0.0.1', ip: '127.0.0.1', allowed: true },
    { name: 'another loopback address than the one listed', hosts: '127.0.0.1', host: '127.0.0.2', ip: '127.0.0.2', allowed: false },
    { name: 'an exact host name entry equal to the host', hosts: 'ci.corp', host: 'ci.corp', ip: '10.9.9.9', allowed: true },
    { name: 'an exact host name entry, host in other case and with a trailing dot', hosts: 'ci.corp', host: 'CI.corp.', ip: '10.9.9.9', allowed: true },
    { name: 'an exact host name entry for another host', hosts: 'ci.corp', host: 'evil.example.com', ip: '10.9.9.9', allowed: false },
    { name: 'a wildcard entry does not open a private address', hosts: '*.example.com', host: 'a.example.com', ip: '10.0.0.1', allowed: false },
    { name: 'a pattern entry does not open a private address', hosts: '/.*/', host: 'a.example.com', ip: '127.0.0.1', allowed: false },
    { name: 'a broad CIDR entry does not open metadata', hosts: '169.254.0.0/16', host: '169.254.169.254', ip: '169.254.169.254', allowed: false },
    { name: 'nor does everything', hosts: '0.0.0.0/0 ::/0', host: 'x.example.com', ip: 'fd00:ec2::254', allowed: false },
    { name: 'nor a host name entry', hosts: 'metadata.google.internal', host: 'metadata.google.internal', ip: '169.254.169.254', allowed: false },
    { name: 'an entry of exactly the metadata address opens it', hosts: '169.254.169.254', host: '169.254.169.254', ip: '169.254.169.254', allowed: true },
    { name: 'an IPv6 host in brackets', hosts: '::1', host: '[::1]', ip: '::1', allowed: true },
  ];

  it.each(cases)('$name', ({ hosts = '', host, ip, allowed }) => {
    expect(addressAllowed(withHosts(hosts), host, ip).allowed).toBe(allowed);
  });

  it('names the host, the address, its class and the setting when refusing', () => {
    expect(addressAllowed(defaults, 'x.example.com', '::ffff:169.254.169.254')).toEqual({
      allowed: false,
      reason: 'x.example.com resolves to ::ffff:169.254.169.254, which is a cloud metadata service address (it carries the IPv4 address 169.254.169.254); the operator has not allowed it (PACT_BROKER_WEBHOOK_HOST_WHITELIST)',
      classification: { kind: 'special', class: 'cloud-metadata', embeddedIpv4: '169.254.169.254' },
    });
    expect(addressAllowed(defaults, '10.0.0.1', '10.0.0.1')).toMatchObject({ reason: '10.0.0.1 is a private address; the operator has not allowed it (PACT_BROKER_WEBHOOK_HOST_WHITELIST)' });
  });
});

// ---------------------------------------------------------------------------------------------------------------

const octet = fc.integer({ min: 0, max: 255 });
const hex = (value: number, width = 1) => value.toString(16).padStart(width, '0');

/** An IPv4 address in a block given by its leading octets, as four numbers. */
const ipv4In = (...leading: number[]) => fc.tuple(octet, octet, octet, octet).map((octets) => [...leading, ...octets.slice(leading.length)] as [number, number, number, number]);

/** The textual forms of one IPv4 address that name it as a connection target, in an address context. */
const addressForms = ([a, b, c, d]: [number, number, number, number]): string[] => {
  const high = (a << 8) | b;
  const low = (c << 8) | d;
  return [
    `${a}.${b}.${c}.${d}`,
    `::ffff:${a}.${b}.${c}.${d}`,
    `::FFFF:${a}.${b}.${c}.${d}`,
    `::ffff:${hex(high)}:${hex(low)}`,
    `0:0:0:0:0:ffff:${hex(high)}:${hex(low)}`,
    `0000:0000:0000:0000:0000:FFFF:${hex(high, 4)}:${hex(low, 4)}`,
    `::ffff:0:${a}.${b}.${c}.${d}`,
    `64:ff9b::${a}.${b}.${c}.${d}`,
    `64:ff9b::${hex(high)}:${hex(low)}`,
    `2002:${hex(high)}:${hex(low)}::1`,
  ];
};

/** The forms the URL parser reads as the same IPv4 host: decimal, hex, octal, shortened, bracketed IPv6. */
const urlHostForms = ([a, b, c, d]: [number, number, number, number]): string[] => {
  const value = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  return [
    `${a}.${b}.${c}.${d}`,
    String(value),
    `0x${value.toString(16)}`,
    `0${a.toString(8)}.${b}.${c}.${d}`,
    `0x${hex(a)}.${b}.${c}.${d}`,
    `${a}.${(b << 16) + (c << 8) + d}`,
    `${a}.${b}.${(c << 8) + d}`,
    `[::ffff:${a}.${b}.${c}.${d}]`,
    `[::ffff:${hex((a << 8) | b)}:${hex((c << 8) | d)}]`,
  ];
};

describe('properties', () => {
  const internal = fc.oneof(ipv4In(127), ipv4In(10), ipv4In(169, 254), ipv4In(192, 168), ipv4In(0), ipv4In(172, 16));

  it('refuses every address in 127/8, 10/8, 169.254/16, 192.168/16, 0/8 in any of its forms without an allowlist', () => {
    fc.assert(
      fc.property(internal, (octets) => {
        for (const form of addressForms(octets)) expect(addressAllowed(defaults, 'hooks.example.com', form).allowed, form).toBe(false);
      }),
    );
  });

  it('refuses a webhook URL naming such an address in any form the URL parser reads as it', () => {
    fc.assert(
      fc.property(internal, (octets) => {
        for (const form of urlHostForms(octets)) {
          const url = `https://${form}/hook`;
          expect(webhookTarget(url)?.address, url).toBeDefined();
          expect(webhookRequestProblems(defaults, { method: 'POST', url })['request.url'], url).toHaveLength(1);
        }
      }),
    );
  });

  it('allows random public addresses', () => {
    // First octets whose whole /8 is public (no special-purpose block, no metadata address inside).
    const publicFirst = fc.integer({ min: 1, max: 223 }).filter((a) => ![10, 100, 127, 168, 169, 172, 192, 198, 203].includes(a));
    const publicV4 = fc.tuple(publicFirst, octet, octet, octet).map((o) => o.join('.'));
    // 2400::/6 … 2bff::: allocated to the regional registries, far from 2001::/23, 2002::/16 and 3fff::/20.
    const publicV6 = fc.tuple(fc.integer({ min: 0x2400, max: 0x2bff }), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 7, maxLength: 7 })).map(([first, rest]) => [first, ...rest].map((g) => hex(g)).join(':'));
    fc.assert(
      fc.property(fc.oneof(publicV4, publicV6), (ip) => {
        expect(addressAllowed(defaults, 'hooks.example.com', ip).allowed, ip).toBe(true);
      }),
    );
  });

  it('opens a private address by a CIDR entry that contains it, and only then', () => {
    const policy = withHosts('10.0.0.0/8');
    fc.assert(
      fc.property(ipv4In(10), ipv4In(172, 16), (inside, outside) => {
        expect(addressAllowed(policy, 'ci.corp', inside.join('.')).allowed).toBe(true);
        expect(addressAllowed(policy, 'ci.corp', `::ffff:${inside.join('.')}`).allowed).toBe(true);
        expect(addressAllowed(policy, 'ci.corp', outside.join('.')).allowed).toBe(false);
      }),
    );
  });

  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
  // A name whose last label is a number is an IPv4 address to the URL parser (0.0 is 0.0.0.0), so top-level domains start with a letter.
  const tld = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);

  it('a wildcard never matches the bare domain, a suffix trick, a deeper name or a lookalike; it matches one label', () => {
    fc.assert(
      fc.property(label, label, tld, label, (sub, name, top, prefix) => {
        const domain = `${name}.${top}`;
        const policy = withHosts(`*.${domain}`);
        const problems = (host: string) => webhookRequestProblems(policy, { method: 'POST', url: `https://${host}/` });
        expect(problems(`${sub}.${domain}`)).toEqual({});
        for (const host of [domain, `${prefix}${domain}`, `${prefix}-${domain}`, `${sub}.${domain}.${prefix}.test`, `${prefix}.${sub}.${domain}`, `${sub}${name}.${top}`]) {
          expect(problems(host)['request.url'], host).toHaveLength(1);
        }
        // And it never opens an internal address behind a matching name.
        expect(addressAllowed(policy, `${sub}.${domain}`, '10.0.0.1').allowed).toBe(false);
        expect(addressAllowed(policy, `${sub}.${domain}`, '127.0.0.1').allowed).toBe(false);
      }),
    );
  });

  it('a template parameter anywhere before the path is refused; after it, accepted', () => {
    const parameter = fc.constantFrom('${pactbroker.consumerName}', '${pactbroker.providerVersionNumber}', '${x}');
    fc.assert(
      fc.property(label, parameter, fc.integer({ min: 0, max: 'hooks.example.com'.length }), (path, template, at) => {
        const host = 'hooks.example.com';
        const inHost = `https://${host.slice(0, at)}${template}${host.slice(at)}/${path}`;
        expect(webhookRequestProblems(defaults, { method: 'POST', url: inHost })['request.url'], inHost).toHaveLength(1);
        expect(webhookRequestProblems(defaults, { method: 'POST', url: `https://${host}/${path}/${template}?q=${template}` })).toEqual({});
      }),
    );
  });
});
