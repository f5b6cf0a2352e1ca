import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WorldConfig } from '../mock-wechat/world/types.ts';

/** wxmock.config.json: every section optional; built-in defaults fill the rest. */
export interface WxmockConfig {
  wechat?: { world?: WorldConfig; options?: Record<string, unknown> };
  sms?: Record<string, unknown>;
  login?: Record<string, unknown>;
}

export function loadConfig(path: string | undefined, cwd = process.cwd()): { config: WxmockConfig; file?: string } {
  const file = resolve(cwd, path ?? 'wxmock.config.json');
  if (!existsSync(file)) {
    if (path) throw new Error(`config file ${file} not found`);
    return { config: {} };
  }
  try {
    return { config: JSON.parse(readFileSync(file, 'utf8')) as WxmockConfig, file };
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
}
