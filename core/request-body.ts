import type { Context } from 'hono';

/** A request body as the journal and the handlers see it: read once, never more than a limit. */
export interface RequestBody {
  /** the body as UTF-8 text (invalid bytes become U+FFFD); empty when none was sent or it was too large */
  text: string;
  /** the body was longer than the limit: it was not kept, and nothing should act on it */
  tooLarge: boolean;
}

const EMPTY: RequestBody = { text: '', tooLarge: false };

/** One read per request, whoever asks first (the journal, then the handler, share it). */
const reads = new WeakMap<Context, Promise<RequestBody>>();

/**
 * The request's body, read at most once and at most `limit` bytes: a declared Content-Length over
 * the limit is refused unread, a chunked body is counted while it streams and dropped once it
 * passes the limit. GET and HEAD have no body and cost nothing. The text is also handed to Hono's
 * own body cache, so a later c.req.text() or arrayBuffer() does not read the stream again.
 */
export function readRequestBody(c: Context, limit = Infinity): Promise<RequestBody> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return Promise.resolve(EMPTY);
  let read = reads.get(c);
  if (!read) {
    read = readBounded(c, limit);
    reads.set(c, read);
  }
  return read;
}

async function readBounded(c: Context, limit: number): Promise<RequestBody> {
  const declared = c.req.header('content-length');
  try {
    if (declared !== undefined && /^\d+$/.test(declared)) {
      if (Number(declared) > limit) return refuse(c);
      // The usual case: a known size within the limit, read by Hono (and cached there).
      return keep(c, new TextDecoder().decode(await c.req.arrayBuffer()));
    }
    const stream = c.req.raw.body;
    if (!stream) return EMPTY;
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return refuse(c);
      }
      chunks.push(value);
    }
    const bytes = Buffer.concat(chunks);
    // Signature checks downstream need the bytes as sent, not re-encoded from the text.
    (c.req.bodyCache as { arrayBuffer?: Promise<ArrayBuffer> }).arrayBuffer ??= Promise.resolve(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    return keep(c, new TextDecoder().decode(bytes));
  } catch {
    // The client went away mid-body: nothing usable arrived.
    return EMPTY;
  }
}

/** A body over the limit reads as empty to anyone who asks Hono for it later: nothing acts on part of it. */
function refuse(c: Context): RequestBody {
  const cache = c.req.bodyCache as { text?: Promise<string>; arrayBuffer?: Promise<ArrayBuffer> };
  cache.text = Promise.resolve('');
  cache.arrayBuffer = Promise.resolve(new ArrayBuffer(0));
  return { text: '', tooLarge: true };
}

function keep(c: Context, text: string): RequestBody {
  // Handlers that read the text themselves: without it cached, Hono rebuilds it through a new Response.
  (c.req.bodyCache as { text?: Promise<string> }).text ??= Promise.resolve(text);
  return { text, tooLarge: false };
}
