import { describe, expect, it } from 'vitest'
import { addressVerdict, isMetadataAddress, isPublicAddress, literalAddress } from './address-guard'

describe('addressVerdict', () => {
  it('refuses every non-public address by default', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.0.1', '192.168.1.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:a00:1::', '198.18.0.1', 'not an ip', '::7f00:1', '::a9fe:a9fe', '::a00:1', '100::1', '1000::1']) {
      expect(addressVerdict(a), a).toBe('internal')
    }
  })

  it('calls cloud metadata and link-local addresses what they are, and refuses them even with the opt-in', () => {
    for (const a of ['169.254.169.254', '169.254.170.2', '::ffff:169.254.169.254', 'fe80::1', 'fd00:ec2::254', 'fd00:ec2::23', '100.100.100.200', '168.63.129.16', '192.0.0.192']) {
      expect(isMetadataAddress(a), a).toBe(true)
      expect(addressVerdict(a), a).toBe('metadata')
      expect(addressVerdict(a, { allowPrivate: true }), a).toBe('metadata')
    }
  })

  it('with the opt-in, allows this machine and its private networks, and still nothing unspecified, multicast or reserved', () => {
    for (const a of ['127.0.0.1', '::1', '10.0.0.1', '172.16.0.1', '192.168.1.1', '100.64.0.1', 'fd12:3456::1', '::ffff:192.168.0.5']) expect(addressVerdict(a, { allowPrivate: true }), a).toBeNull()
    for (const a of ['0.0.0.0', '::', '224.0.0.1', '255.255.255.255', '240.0.0.1', '64:ff9b::a00:1']) expect(addressVerdict(a, { allowPrivate: true }), a).toBe('internal')
  })

  it('allows public unicast addresses, with or without the opt-in', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:93.184.216.34']) {
      expect(isPublicAddress(a), a).toBe(true)
      expect(addressVerdict(a), a).toBeNull()
      expect(addressVerdict(a, { allowPrivate: true }), a).toBeNull()
    }
  })
})

describe('literalAddress', () => {
  it('reads the address a URL is written with, in every spelling the URL parser normalises', () => {
    expect(literalAddress(new URL('http://[::1]:8080/x'))).toBe('::1')
    expect(literalAddress(new URL('http://2130706433/'))).toBe('127.0.0.1')
    expect(literalAddress(new URL('http://0x7f.1/'))).toBe('127.0.0.1')
    expect(literalAddress(new URL('http://[::ffff:a9fe:a9fe]/'))).toBe('::ffff:a9fe:a9fe')
    expect(addressVerdict(literalAddress(new URL('http://[::ffff:a9fe:a9fe]/'))!)).toBe('metadata')
    expect(literalAddress(new URL('https://cms.example/hook'))).toBeNull()
  })
})
