import { describe, expect, it } from 'vitest'
import { isPublicAddress } from './fetch-page'

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, unique-local, CGNAT, unspecified, multicast and mapped internal addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '255.255.255.255', 'not an ip']) {
      expect(isPublicAddress(a), a).toBe(false)
    }
  })
  it('allows public unicast addresses', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:93.184.216.34']) expect(isPublicAddress(a), a).toBe(true)
  })
})
