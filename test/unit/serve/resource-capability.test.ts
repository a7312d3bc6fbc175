import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { capabilityAllows, MAX_CAPABILITY_LIFETIME_S } from '../../../electron/serve/resource-capability.js';
import { capabilityUrl, createCapability, hmacSha256, sha256 } from '../../../renderer/src/lib/resource-capability.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('page-side capability (renderer/src/lib/resource-capability.ts)', () => {
  it('computes SHA-256 and HMAC-SHA256 exactly like node:crypto, across block boundaries', () => {
    for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 200]) {
      const data = Buffer.alloc(len, 0x61 + (len % 26));
      expect(hex(sha256(data)), `sha256 ${len}`).toBe(createHash('sha256').update(data).digest('hex'));
      for (const key of [enc(TOKEN), Buffer.alloc(64, 7), Buffer.alloc(100, 9)]) {
        expect(hex(hmacSha256(key, data)), `hmac ${len}`).toBe(createHmac('sha256', key).update(data).digest('hex'));
      }
    }
  });

  it('makes capabilities the host accepts for that path only, until they expire', () => {
    const now = Date.now();
    const cap = createCapability(TOKEN, '/photo/thumb/7', now);
    expect(capabilityAllows(TOKEN, '/photo/thumb/7', cap, now)).toBe(true);
    expect(capabilityAllows(TOKEN, '/photo/thumb/8', cap, now)).toBe(false);
    expect(capabilityAllows(TOKEN, '/photo/preview/7', cap, now)).toBe(false);
    expect(capabilityAllows('other-token', '/photo/thumb/7', cap, now)).toBe(false);
    expect(capabilityAllows(TOKEN, '/photo/thumb/7', cap, now + 20 * 60_000 + 1000)).toBe(false);
    expect(capabilityUrl(TOKEN, '/api/events', now)).toBe(`/api/events?cap=${createCapability(TOKEN, '/api/events', now)}`);
  });

  it('lives 10 to 20 minutes and keeps one URL per 10-minute window (the image cache keeps working)', () => {
    const start = Date.UTC(2025, 0, 1, 12, 0, 0);
    const at = (ms: number): number => Number(createCapability(TOKEN, '/x', ms).split('.')[0]) - Math.floor(ms / 1000);
    expect(at(start)).toBe(1200);
    expect(at(start + 599_000)).toBe(601);
    expect(createCapability(TOKEN, '/x', start)).toBe(createCapability(TOKEN, '/x', start + 599_000));
    expect(1200).toBeLessThanOrEqual(MAX_CAPABILITY_LIFETIME_S);
  });

  it('refuses capabilities that claim a longer life than a page makes, or are malformed', () => {
    const now = Date.now();
    const far = Math.floor(now / 1000) + MAX_CAPABILITY_LIFETIME_S + 60;
    const mac = createHmac('sha256', TOKEN).update(`recollect-cap-v1\n/x\n${far}`).digest('base64url');
    expect(capabilityAllows(TOKEN, '/x', `${far}.${mac}`, now)).toBe(false);
    for (const bad of [null, '', 'abc', '1.2', `${far}.${mac}x`, TOKEN]) expect(capabilityAllows(TOKEN, '/x', bad, now)).toBe(false);
  });
});
