/**
 * The one error table of the Tencent side (docs/wire/sms.md#tencent-answers-and-errors). Every
 * answer is HTTP 200: request-level codes go in Response.Error, per-number codes in SendStatusSet[].Code.
 * `where` says which; "either" marks the codes whose placement the sources leave open
 * (the tencentPlacement option picks, default SendStatusSet).
 */
// biome-ignore format: a table reads best one row per code
export const TENCENT_ERRORS: Record<string, { where: 'error' | 'status' | 'either'; message: string }> = {
  'AuthFailure.SignatureFailure': { where: 'error', message: 'The provided credentials could not be validated. Please check your signature is correct.' },
  'AuthFailure.SecretIdNotFound': { where: 'error', message: 'The SecretId is not found, please ensure that your SecretId is correct.' },
  'AuthFailure.SignatureExpire': { where: 'error', message: 'The signature is expired, please request again.' },
  'AuthFailure.InvalidAuthorization': { where: 'error', message: 'The Authorization header does not follow the TC3-HMAC-SHA256 standard.' },
  'AuthFailure.InvalidSecretId': { where: 'error', message: 'Invalid SecretId (not a cloud API key).' },
  'AuthFailure.TokenFailure': { where: 'error', message: 'Token error.' },
  'AuthFailure.UnauthorizedOperation': { where: 'error', message: 'The request is not authorized by CAM.' },
  InvalidAction: { where: 'error', message: 'The request `Action` is invalid or not found.' },
  InternalError: { where: 'error', message: 'An internal error occurred.' },
  RequestLimitExceeded: { where: 'error', message: 'Your current request times exceeds limit, please try again later.' },
  'FailedOperation.JsonParseFail': { where: 'error', message: 'Failed to parse the request body as JSON.' },
  'MissingParameter.EmptyPhoneNumberSet': { where: 'error', message: 'The list of mobile numbers passed in is empty. Please check whether numbers are present in your parameters.' },
  'LimitExceeded.PhoneNumberCountLimit': { where: 'error', message: 'The number of mobile numbers in one request exceeds 200.' },
  'InvalidParameterValue.SdkAppIdNotExist': { where: 'error', message: 'The SdkAppId does not exist.' },
  'UnauthorizedOperation.SmsSdkAppIdVerifyFail': { where: 'error', message: 'SmsSdkAppId verification failed: it does not belong to the account of the cloud API key.' },
  'UnauthorizedOperation.RequestIpNotInWhitelist': { where: 'error', message: 'The request IP is not in the allowlist.' },
  'FailedOperation.SignatureIncorrectOrUnapproved': { where: 'either', message: 'The signature is not approved or is in a wrong format.' },
  'FailedOperation.TemplateIncorrectOrUnapproved': { where: 'either', message: 'The template is not approved or its content does not match.' },
  'FailedOperation.TemplateParamSetNotMatchApprovedTemplate': { where: 'either', message: 'The request content does not match the approved template: check the number of template parameters.' },
  'FailedOperation.InsufficientBalanceInSmsPackage': { where: 'either', message: 'The SMS package balance is insufficient.' },
  'LimitExceeded.PhoneNumberThirtySecondLimit': { where: 'status', message: 'the number of messages sent to this number within 30 seconds exceeds the limit' },
  'LimitExceeded.PhoneNumberOneHourLimit': { where: 'status', message: 'the number of messages sent to this number within 1 hour exceeds the limit' },
  'LimitExceeded.PhoneNumberDailyLimit': { where: 'status', message: 'the number of messages sent to this number today exceeds the limit' },
  'LimitExceeded.PhoneNumberSameContentDailyLimit': { where: 'status', message: 'the number of identical messages sent to this number exceeds the limit' },
  'LimitExceeded.DeliveryFrequencyLimit': { where: 'status', message: 'the delivery hit a frequency limit policy' },
  'LimitExceeded.AppDailyLimit': { where: 'status', message: 'the daily number of messages of this application exceeds the limit' },
  'InvalidParameterValue.IncorrectPhoneNumber': { where: 'status', message: 'incorrect phone number format' },
  'InvalidParameterValue.TemplateParameterFormatError': { where: 'status', message: 'Verification code template parameter format error' },
  'InvalidParameterValue.TemplateParameterLengthLimit': { where: 'status', message: 'a template parameter is longer than allowed' },
  'FailedOperation.PhoneNumberInBlacklist': { where: 'status', message: 'the number is on the do-not-disturb list' },
};

/** A request-level refusal: goes in Response.Error. */
export class TencentError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? TENCENT_ERRORS[code]?.message ?? code);
  }
}

export function missingParameter(name: string): TencentError {
  return new TencentError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
}

export function parameterTypeError(name: string): TencentError {
  return new TencentError('InvalidParameter', `Parameter \`${name}\` type error.`);
}

/** Where `code` goes: the table says, "either" follows the option, unknown codes are request-level. */
export function placementOf(code: string, option: 'status' | 'error'): 'status' | 'error' {
  const where = TENCENT_ERRORS[code]?.where ?? 'error';
  return where === 'either' ? option : where;
}
