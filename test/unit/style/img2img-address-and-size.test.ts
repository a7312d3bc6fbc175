import { describe, expect, it } from 'vitest';
import { checkServerAddress, isLoopbackAddress } from '../../../electron/core/style/img2img/server-address.js';
import { sdSize } from '../../../electron/core/style/img2img/sd-size.js';

describe('img2img server address', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is this computer', (a) => {
    expect(isLoopbackAddress(a)).toBe(true);
  });

  it.each(['10.0.0.1', '192.168.1.20', '128.0.0.1', '::2', 'fe80::1', '::ffff:10.0.0.1', 'localhost'])('%s is not a loopback literal', (a) => {
    expect(isLoopbackAddress(a)).toBe(false);
  });

  it('accepts loopback addresses and localhost, refuses others with the reason', async () => {
    expect((await checkServerAddress('http://127.0.0.1:7860')).ok).toBe(true);
    expect((await checkServerAddress('http://[::1]:7860/')).ok).toBe(true);
    expect((await checkServerAddress('http://localhost:7860')).ok).toBe(true);
    const refused = await checkServerAddress('http://10.1.2.3:7860');
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/^Your photo would leave this computer: 10\.1\.2\.3 is not a loopback address/) });
  });

  it('lets through exactly the host the settings allow', async () => {
    expect((await checkServerAddress('http://Studio-PC.lan:7860', 'studio-pc.lan')).ok).toBe(true);
    expect((await checkServerAddress('http://10.1.2.3:7860', '10.1.2.4')).ok).toBe(false);
  });

  it('explains addresses it cannot use', async () => {
    expect(await checkServerAddress('127.0.0.1:7860')).toMatchObject({ ok: false, reason: expect.stringMatching(/not supported|not a web address/) });
    expect(await checkServerAddress('not a url')).toMatchObject({ ok: false, reason: expect.stringMatching(/is not a web address/) });
    expect(await checkServerAddress('ftp://127.0.0.1/')).toMatchObject({ ok: false, reason: expect.stringMatching(/ftp: addresses are not supported/) });
    expect(await checkServerAddress('http://me:secret@127.0.0.1/')).toMatchObject({ ok: false, reason: expect.stringMatching(/no user name or password/) });
  });
});

describe('Stable Diffusion working size', () => {
  it('keeps the aspect ratio, longest edge at most the size, sides multiples of the step', () => {
    expect(sdSize(6000, 4000, 768, 64)).toEqual({ width: 768, height: 512 });
    expect(sdSize(4000, 6000, 512, 8)).toEqual({ width: 344, height: 512 });
    expect(sdSize(900, 600, 512, 64)).toEqual({ width: 512, height: 320 });
  });

  it('never enlarges a small photo (beyond rounding up to one step)', () => {
    expect(sdSize(300, 200, 1024, 64)).toEqual({ width: 320, height: 192 });
    expect(sdSize(20, 10, 1024, 64)).toEqual({ width: 64, height: 64 });
  });
});
