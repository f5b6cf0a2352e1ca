import { missingParameter, parameterTypeError, TencentError } from './errors.ts';

/** SendSms input, whichever API version named the fields. */
export interface TencentSendInput {
  phoneNumbers: string[];
  sdkAppId: string;
  templateId: string;
  signName: string | undefined;
  params: string[];
  sessionContext: string;
}

/** Field names per API version: 2019-07-11 spells three of them differently. */
const FIELDS = {
  '2021-01-11': { app: 'SmsSdkAppId', template: 'TemplateId', sign: 'SignName' },
  '2019-07-11': { app: 'SmsSdkAppid', template: 'TemplateID', sign: 'Sign' },
} as const;

export type TencentVersion = keyof typeof FIELDS;
export const TENCENT_VERSIONS = Object.keys(FIELDS) as TencentVersion[];

/** GET sends parameters flattened (PhoneNumberSet.0=…); fold them back into arrays. */
export function unflatten(query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of query) {
    const m = /^([A-Za-z]+)\.(\d+)$/.exec(k);
    if (m) {
      const name = m[1]!;
      if (!Array.isArray(out[name])) out[name] = [];
      (out[name] as string[])[Number(m[2])] = v;
    } else out[k] = v;
  }
  return out;
}

function stringArray(body: Record<string, unknown>, name: string): string[] | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw parameterTypeError(name);
  return v as string[];
}

function string(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw parameterTypeError(name);
  return v;
}

/** Checks presence and types as the API gateway does; unknown fields are refused, as Tencent does. */
export function readSendInput(body: Record<string, unknown>, version: TencentVersion): TencentSendInput {
  const f = FIELDS[version];
  const known = new Set<string>(['PhoneNumberSet', f.app, f.template, f.sign, 'TemplateParamSet', 'ExtendCode', 'SessionContext', 'SenderId']);
  for (const k of Object.keys(body)) if (!known.has(k)) throw new TencentError('UnknownParameter', `The parameter \`${k}\` is not recognized.`);
  const phoneNumbers = stringArray(body, 'PhoneNumberSet');
  if (!phoneNumbers) throw missingParameter('PhoneNumberSet');
  const sdkAppId = string(body, f.app);
  if (!sdkAppId) throw missingParameter(f.app);
  const templateId = string(body, f.template);
  if (!templateId) throw missingParameter(f.template);
  return {
    phoneNumbers,
    sdkAppId,
    templateId,
    signName: string(body, f.sign),
    params: stringArray(body, 'TemplateParamSet') ?? [],
    sessionContext: string(body, 'SessionContext') ?? '',
  };
}
