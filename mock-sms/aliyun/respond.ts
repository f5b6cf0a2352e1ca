import type { Context } from 'hono';
import { journalText } from '../../core/journal.ts';
import type { AliyunError } from './errors.ts';

const JSON_TYPE = 'application/json;charset=utf-8';

/** Dysmsapi answers: JSON with PascalCase keys (the SDK maps them by name) and x-acs-request-id. */
export function aliyunJson(c: Context, body: Record<string, unknown> & { RequestId: string }, status = 200): Response {
  const text = JSON.stringify(body);
  return journalText(c.body(text, status as 200, { 'Content-Type': JSON_TYPE, 'x-acs-request-id': body.RequestId }), text);
}

/** A business error is HTTP 200 without BizId; a gateway error carries HostId and Recommend as PopGw does. */
export function aliyunFail(c: Context, e: AliyunError, requestId: string): Response {
  if (e.status === 200) return aliyunJson(c, { RequestId: requestId, Code: e.code, Message: e.message });
  return aliyunJson(
    c,
    {
      RequestId: requestId,
      HostId: 'dysmsapi.aliyuncs.com',
      Code: e.code,
      Message: e.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Dysmsapi&requestId=${requestId}`,
    },
    e.status,
  );
}
