/**
 * The system proxy for hub downloads. Node 20's fetch ignores HTTPS_PROXY / HTTP_PROXY by itself
 * (Node >= 24 reads them only under NODE_USE_ENV_PROXY), so a user behind a corporate proxy would
 * see "cannot reach huggingface.co": undici's EnvHttpProxyAgent reads HTTPS_PROXY, HTTP_PROXY and
 * NO_PROXY and is given to each request as its dispatcher. No proxy set: none.
 *
 * The `undici` package is imported only when a proxy is set: it is not yet a declared dependency
 * of package.json (it reaches node_modules through node-gyp), so a packaged app without it still
 * downloads directly and says why the proxy could not be used.
 */
import type { EnvHttpProxyAgent as ProxyAgentClass } from 'undici';
import { CoreError } from '../core-error.js';
import type { HubConnection } from './hub-request.js';

export function proxyFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined;
}

export async function proxyDispatcher(env: NodeJS.ProcessEnv): Promise<HubConnection['dispatcher']> {
  const proxy = proxyFromEnv(env);
  if (!proxy) return undefined;
  let EnvHttpProxyAgent: typeof ProxyAgentClass;
  try {
    ({ EnvHttpProxyAgent } = await import('undici'));
  } catch (err) {
    throw new CoreError('MODEL_DOWNLOAD_FAILED', 'A proxy is set (HTTPS_PROXY) but this build of Recollect cannot use one (the undici package is missing); unset it to download directly.', { cause: err });
  }
  return new EnvHttpProxyAgent({
    httpProxy: env.HTTP_PROXY || env.http_proxy || proxy,
    httpsProxy: proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
  });
}
