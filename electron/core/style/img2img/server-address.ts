/**
 * Where a photo may be sent: only to this computer (127.0.0.0/8, ::1, or a name such as localhost
 * that resolves only to those) unless the user's settings name the exact host (allowHost).
 * docs/style-preview.md, "Local img2img server". Resolves names with the system resolver.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type AddressCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x (::ffff:127.0.0.1). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (isIP(a) === 4) return a.startsWith('127.');
  if (isIP(a) === 6) {
    if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    return mapped?.[1] !== undefined && mapped[1].startsWith('127.');
  }
  return false;
}

async function resolvesToLoopbackOnly(host: string): Promise<{ ok: boolean; addresses: string[] }> {
  try {
    const addresses = (await lookup(host, { all: true })).map((a) => a.address);
    return { ok: addresses.length > 0 && addresses.every(isLoopbackAddress), addresses };
  } catch {
    return { ok: false, addresses: [] };
  }
}

export async function checkServerAddress(address: string, allowHost?: string): Promise<AddressCheck> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { ok: false, reason: `"${address}" is not a web address (expected e.g. http://127.0.0.1:7860)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `${url.protocol} addresses are not supported for the image generation server (use http:// or https://)` };
  }
  if (url.username || url.password) return { ok: false, reason: 'Put no user name or password in the server address' };
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowHost && host === allowHost.trim().toLowerCase()) return { ok: true, url };
  const refused = (why: string): AddressCheck => ({
    ok: false,
    reason: `Your photo would leave this computer: ${why}. Recollect sends photos only to a server on this computer (127.0.0.1, ::1, localhost) unless the settings allow "${host}" by name`,
  });
  if (isIP(host)) return isLoopbackAddress(host) ? { ok: true, url } : refused(`${host} is not a loopback address`);
  const resolved = await resolvesToLoopbackOnly(host);
  if (resolved.ok) return { ok: true, url };
  return refused(resolved.addresses.length ? `${host} resolves to ${resolved.addresses.join(', ')}` : `${host} does not resolve to this computer`);
}
