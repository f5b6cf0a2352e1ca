import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { INTERCEPTED_HOSTS, serviceFor, type InterceptedService } from './hosts.ts';

export type FetchHandler = (req: Request) => Response | Promise<Response>;
/** Hands one request to the mock that answers as `host` (default: its Host header). */
export type HostDispatcher = (req: IncomingMessage, res: ServerResponse, host?: string) => void;

export function plainAnswer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}

/**
 * The hostname → mock map: a request for api.weixin.qq.com goes to the same Hono app the plain
 * mock-wechat port serves, so every way in shares one state, journal and set of faults.
 */
export function hostDispatcher(apps: Record<InterceptedService, FetchHandler>): HostDispatcher {
  const listeners = { wechat: getRequestListener(apps.wechat), sms: getRequestListener(apps.sms) };
  return (req, res, host = req.headers.host ?? '') => {
    const service = serviceFor(host);
    if (!service) {
      plainAnswer(res, 421, `wxmock answers as ${INTERCEPTED_HOSTS.map((h) => h.host).join(', ')}; this request was for "${host}".`);
      return;
    }
    void listeners[service](req, res);
  };
}
