/**
 * The one error table of the Aliyun side (docs/wire/sms.md#aliyun-answers-and-errors). Gateway
 * (POP) errors are HTTP 4xx/5xx and the SDK throws; business errors (isv.*, isp.*) are HTTP 200
 * with Code ≠ "OK".
 */

export const ALIYUN_GATEWAY_ERRORS: Record<string, { status: number; message: string }> = {
  'InvalidAccessKeyId.NotFound': { status: 404, message: 'Specified access key is not found.' },
  'InvalidAccessKeyId.Inactive': { status: 400, message: 'Specified access key is disabled.' },
  SignatureDoesNotMatch: { status: 400, message: 'Specified signature is not matched with our calculation.' },
  SignatureNonceUsed: { status: 400, message: 'Specified signature nonce was used already.' },
  'InvalidTimeStamp.Expired': { status: 400, message: 'Specified time stamp or date value is expired.' },
  'InvalidTimeStamp.Format': { status: 400, message: 'Specified time stamp or date value is not well formatted.' },
  InvalidSignatureMethod: { status: 400, message: 'Specified signature method is not valid.' },
  IncompleteSignature: { status: 400, message: 'The request signature does not conform to Aliyun standards.' },
  'InvalidApi.NotFound': { status: 404, message: 'Specified api is not found, please check your url and method.' },
  InvalidVersion: { status: 400, message: 'Specified parameter Version is not valid.' },
  'Throttling.User': { status: 400, message: 'Request was denied due to user flow control.' },
  InternalError: { status: 500, message: 'The request processing has failed due to some unknown error, exception or failure.' },
  ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.' },
};

export const ALIYUN_BUSINESS_ERRORS: Record<string, string> = {
  'isv.BUSINESS_LIMIT_CONTROL': '业务限流',
  'isv.MOBILE_NUMBER_ILLEGAL': '非法手机号',
  'isv.MOBILE_COUNT_OVER_LIMIT': '手机号码数量超过限制',
  'isv.TEMPLATE_MISSING_PARAMETERS': '模板缺少变量',
  'isv.INVALID_JSON_PARAM': 'JSON参数不合法，只接受字符串值',
  'isv.SMS_SIGNATURE_ILLEGAL': '短信签名不合法',
  'isv.SMS_TEMPLATE_ILLEGAL': '短信模板不合法',
  'isv.SMS_SIGNATURE_SCENE_ILLEGAL': '签名和模板类型不一致',
  'isv.AMOUNT_NOT_ENOUGH': '账户余额不足',
  'isv.OUT_OF_SERVICE': '业务停机',
  'isv.INVALID_PARAMETERS': '参数异常',
  'isv.DAY_LIMIT_CONTROL': '触发日发送限额',
  'isv.MONTH_LIMIT_CONTROL': '触发月发送限额',
  'isp.SYSTEM_ERROR': '系统错误',
  'isp.RAM_PERMISSION_DENY': 'RAM权限不足',
};

/** An error the handler stops with; `status` 200 means a business error body. */
export class AliyunError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function gatewayError(code: string, detail?: string): AliyunError {
  const known = ALIYUN_GATEWAY_ERRORS[code];
  return new AliyunError(code, detail ?? known?.message ?? code, known?.status ?? 400);
}

/** `Missing{Param}`: "{Param} is mandatory for this action.", HTTP 400. */
export function missingParam(name: string): AliyunError {
  return new AliyunError(`Missing${name}`, `${name} is mandatory for this action.`, 400);
}

/** `Invalid{Param}`: "Specified parameter {Param} is not valid.", HTTP 400. */
export function invalidParam(name: string): AliyunError {
  return new AliyunError(`Invalid${name}`, `Specified parameter ${name} is not valid.`, 400);
}

export function businessError(code: string, message?: string): AliyunError {
  return new AliyunError(code, message ?? ALIYUN_BUSINESS_ERRORS[code] ?? code, 200);
}

/** A fault's code as the matching kind of error: isv./isp. → HTTP 200, gateway table or httpStatus otherwise. */
export function faultError(code: string, message?: string, httpStatus?: number): AliyunError {
  if (httpStatus) return new AliyunError(code, message ?? ALIYUN_GATEWAY_ERRORS[code]?.message ?? ALIYUN_BUSINESS_ERRORS[code] ?? code, httpStatus);
  if (code.startsWith('isv.') || code.startsWith('isp.')) return businessError(code, message);
  const known = ALIYUN_GATEWAY_ERRORS[code];
  return new AliyunError(code, message ?? known?.message ?? code, known?.status ?? 400);
}
