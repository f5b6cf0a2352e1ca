/**
 * The one table of the control API's error codes, shared by mock-wechat, mock-sms,
 * reference-login and the console's own API: every refused control call answers
 * `{"error":{"code","message"}}` with the status written here. docs/control-api.md#error-codes
 * holds the same table (core/control-errors.test.ts checks that they agree). Plain data, no
 * server imports: a page's script may import the codes too.
 */
// biome-ignore format: a table reads best one row per code
export const CONTROL_ERRORS = {
  bad_json: { status: 400, meaning: 'the body is not JSON, or not a JSON object', by: 'every route that takes a body' },
  invalid_field: { status: 400, meaning: 'a field of the body has the wrong type or value; the message names it', by: "world, keys, signs, templates and config routes, POST /__mock/faults (a mock's own fault fields), reference-login's PATCH /__mock/config" },
  unauthorized: { status: 401, meaning: 'the control token is missing or wrong (the console: not signed in)', by: 'every route, once --control-token is set' },
  not_found: { status: 404, meaning: 'no such route, or the path names nothing that exists (account, app, persona, key, sign, template, fault, captcha)', by: 'every service' },
  exists: { status: 409, meaning: 'the id or name to create is taken', by: 'POST of accounts, apps, personas, keys, signs, templates' },
  builtin: { status: 409, meaning: 'what is to be deleted is built in (the default and dcloud accounts, the DCloud app)', by: 'DELETE of accounts and apps' },
  bad_option: { status: 400, meaning: 'an option that does not exist, or a value it does not take', by: 'PATCH /__mock/options, PUT /__mock/sms/config' },
  bad_state: { status: 422, meaning: 'a state document that is refused (format, schema, an unknown table or column, a row the database refuses); nothing changed', by: "PUT /__mock/state, the console's PUT /api/state" },
  missing_endpoint: { status: 400, meaning: 'a fault without endpoint', by: 'POST /__mock/faults' },
  missing_action: { status: 400, meaning: 'a fault that says nothing it does', by: 'POST /__mock/faults' },
  bad_http_status: { status: 400, meaning: 'httpStatus is not 400..599', by: 'POST /__mock/faults' },
  bad_delay: { status: 400, meaning: 'delayMs is not 0..120000', by: 'POST /__mock/faults' },
  bad_times: { status: 400, meaning: 'times is not a positive integer', by: 'POST /__mock/faults' },
  missing_clock_change: { status: 400, meaning: 'none of advanceSeconds, advanceMs, offsetMs', by: 'POST /__mock/clock' },
  bad_offset: { status: 400, meaning: 'offsetMs is not a number within ±100 years', by: 'POST /__mock/clock' },
  bad_advance: { status: 400, meaning: 'advanceMs or advanceSeconds is not a number, or takes the offset beyond ±100 years', by: 'POST /__mock/clock' },
  unknown_app: { status: 404, meaning: 'appid (or app key) in the body or query names no app', by: 'mock-wechat: /__mock/codes, /sdk/auth, /miniprogram/*, /qr/sessions' },
  unknown_account: { status: 400, meaning: "an app's account names no account", by: 'mock-wechat: POST and PATCH /__mock/apps, PUT /__mock/world' },
  unknown_persona: { status: 404, meaning: 'persona names no persona, or none was given where one is needed', by: 'mock-wechat: /__mock/codes, /sdk/auth, /miniprogram/*, QR confirm' },
  wrong_app_type: { status: 400, meaning: 'the app is of a kind this call does not serve', by: 'mock-wechat: /__mock/codes, /sdk/auth, /miniprogram/*' },
  bad_kind: { status: 400, meaning: 'kind is not sns, js or phone', by: 'mock-wechat: POST /__mock/codes' },
  bad_result: { status: 400, meaning: 'result is not ok, cancel or deny', by: 'mock-wechat: POST /__mock/sdk/auth' },
  no_phone: { status: 422, meaning: 'the persona has no phone number', by: 'mock-wechat: POST /__mock/codes (kind phone), /miniprogram/phone' },
  unknown_session: { status: 404, meaning: 'no such QR session (or no waiting or scanned one for "latest")', by: 'mock-wechat: /__mock/qr/sessions/:uuid/*, the confirm page' },
  wrong_state: { status: 409, meaning: 'the QR session is past the step asked for (confirmed, cancelled, expired), or changed meanwhile', by: 'mock-wechat: /__mock/qr/sessions/:uuid/*, the confirm page' },
  bad_status: { status: 400, meaning: 'status is not a QR session status', by: 'mock-wechat: GET /__mock/qr/sessions' },
  bad_action: { status: 400, meaning: 'action is not scan, allow or deny', by: 'mock-wechat: POST /connect/confirm asked for JSON (the dev panel)' },
  missing_phone: { status: 400, meaning: 'no phone in the query', by: 'mock-sms: /__mock/sms/latest, /code, /wait' },
  bad_phone: { status: 400, meaning: 'phone is not a phone number', by: 'mock-sms: /__mock/sms/messages, /latest, /code, /wait, /flow' },
  bad_provider: { status: 400, meaning: 'provider is not aliyun or tencent', by: 'mock-sms: /__mock/sms/messages, /keys, /signs, /templates' },
  bad_since: { status: 400, meaning: 'since is neither epoch milliseconds nor an ISO date', by: 'mock-sms: /__mock/sms/messages, /wait' },
  bad_limit: { status: 400, meaning: 'limit is not a positive integer', by: "mock-sms: /__mock/sms/messages; the console's /api/journal" },
  bad_timeout: { status: 400, meaning: 'timeoutMs is not 0..300000', by: 'mock-sms: /__mock/sms/wait' },
  no_message: { status: 404, meaning: 'no message for the phone yet', by: 'mock-sms: /__mock/sms/latest' },
  no_code: { status: 404, meaning: 'no verification code for the phone yet', by: 'mock-sms: /__mock/sms/code' },
  timeout: { status: 408, meaning: 'no message for the phone arrived within timeoutMs', by: 'mock-sms: /__mock/sms/wait' },
  bad_source: { status: 400, meaning: 'source is not all, wechat or sms', by: 'console: /api/journal' },
  wrong_host: { status: 403, meaning: 'the console on loopback was asked under a name that is not a loopback one', by: 'console' },
  missing_console_header: { status: 403, meaning: 'a state-changing call without the header x-wxmock-console: 1', by: 'console: /api/*' },
  mock_unreachable: { status: 502, meaning: 'a mock did not answer the console (not running, or no answer within 15 s)', by: 'console: /api/*' },
  export_failed: { status: 502, meaning: 'a mock refused to export its state', by: 'console: GET /api/state' },
  import_failed: { status: 502, meaning: 'a mock did not give the state to restore should the import fail', by: 'console: PUT /api/state' },
  internal: { status: 500, meaning: "an unexpected failure; the message says what, the service's log has more", by: 'every service' },
} as const satisfies Record<string, { status: 400 | 401 | 403 | 404 | 408 | 409 | 422 | 500 | 502; meaning: string; by: string }>;

export type ControlCode = keyof typeof CONTROL_ERRORS;
export type ControlStatus = (typeof CONTROL_ERRORS)[ControlCode]['status'];

/**
 * A refused control call, thrown anywhere below a control route; the app's error handler answers
 * it as `{error:{code,message}}` with the code's status from the table.
 */
export class ControlError extends Error {
  readonly status: ControlStatus;

  constructor(
    readonly code: ControlCode,
    message: string,
  ) {
    super(message);
    this.status = CONTROL_ERRORS[code].status;
  }
}
