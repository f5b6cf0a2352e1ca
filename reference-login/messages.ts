/**
 * The user-facing texts of FastBee / RuoYi (zh_CN bundle) the flows answer with, in one table.
 * Texts marked "ours" have no FastBee counterpart: they belong to checks FastBee does not make.
 */
export const MSG = {
  // password login (RuoYi messages.properties)
  userPasswordNotMatch: '用户不存在/密码错误',
  retryLimitExceed: (count: number, minutes: number) => `密码输入错误${count}次，帐户锁定${minutes}分钟`,
  userDeleted: (name: string) => `对不起，您的账号：${name} 已被删除`,
  userBlocked: (name: string) => `对不起，您的账号：${name} 已停用`,
  logoutSuccess: '退出成功',
  unauthorized: (path: string) => `请求访问：${path}，认证失败，无法访问系统资源`,
  forbidden: '没有权限，请联系管理员授权',
  internal: '系统内部错误，请联系管理员',

  // registration (ToolServiceImpl.register)
  registerOff: '当前系统没有开启注册功能！',
  usernameBlank: '用户名不能为空',
  passwordBlank: '用户密码不能为空',
  usernameLength: '账户长度必须在2到20个字符之间',
  passwordLength: '密码长度必须在5到20个字符之间',
  usernameTaken: (name: string) => `保存用户'${name}'失败，注册账号已存在`,
  phoneTaken: (name: string) => `保存用户'${name}'失败，注册手机号码已存在`,
  phoneInvalid: '手机号格式错误',

  // social login (SocialLoginServiceImpl)
  platformDisabled: '当前第三方登录平台被禁用',
  platformUnsupported: '暂不支持该第三方登录平台', // ours: FastBee throws and redirects to https://<Host>
  illegalCode: 'Illegal code', // JustAuth AuthResponseStatus.ILLEGAL_CODE
  illegalState: 'Illegal state', // JustAuth AuthResponseStatus.ILLEGAL_STATUS
  wechatUnreachable: 'Failure', // JustAuth AuthResponseStatus.FAILURE
  loginIdUnknown: '数据错误',
  bindAccountMissing: '绑定账户不存在',
  bindIdExpired: '绑定信息已失效，请重新使用微信登录', // ours: FastBee answers an NPE
  userNotExist: '用户不存在',
  passwordWrong: '密码错误',
  accountAlreadyBound: '该账号已经绑定其他微信，请先解绑后重试！',

  // WeChatServiceImpl
  mobilePlatformMissing: '请先配置微信开放平台移动应用信息',
  miniPlatformMissing: '请先配置微信公众平台小程序信息！',
  bindPlatformMissing: '请先配置微信开放平台网站应用个人中心绑定信息',
  credentialFailed: '用户凭证获取失败，请重新登录！',
  phoneCredentialFailed: '用户手机号凭证获取失败，请重新登录！',
  verifyTypeNull: '请传入验证方式',
  wechatUserInfoMissing: '请传入微信用户信息',
  userCredentialMissing: '请传入用户凭证',
  wechatInfoFailed: '获取微信信息失败，请重试！',
  wechatBoundElsewhere: '该微信已绑定其他账号，请先使用微信登录解绑后重试！',
  bindSuccess: '绑定成功',
  bindFailed: '绑定失败',
  passwordRequired: '请传入用户密码',
  passwordWrongRetry: '密码错误，请重新输入',
  unbindSuccess: '解绑成功',
  unbindFailed: '解绑失败',
  smsPhoneMismatch: '手机号与账号绑定的手机号不一致', // ours: FastBee does not check the SMS path at all
  wxBindMsgIdMissing: '请传入绑定信息ID',
  wxBindCancelled: '您已取消授权或未获取到授权信息',
  wxBindQrExpired: '二维码已失效，请重新点击绑定',
  wxBindAlreadyBound: '您的账号已绑定微信，请先解绑',
  wxBindBoundElsewhere: '您的微信已绑定其他账号，请先使用微信登录解绑后重试',

  // notify + SMS login (newer FastBee edition)
  templateMissing: '查询不到启用的通知模板',
  channelMissing: '查询不到通知渠道',
  smsSendFailed: (why: string) => `短信发送失败：${why}`, // ours
  smsTooFrequent: '验证码已发送，请稍后重试！',
  smsCodeExpired: '验证码已失效，请重新获取',
  smsCodeWrong: '验证码错误',
  smsLoginSuccess: '登录成功',

  // /iot/platform
  platformInvalid: '错误平台类型', // UserSocialProfileServiceImpl's text for an unknown platform
  platformExists: (p: string) => `新增第三方登录平台'${p}'失败，平台已存在`, // ours: FastBee surfaces the unique-key error
  platformUriNotAllowed: (field: string) => `${field} 只能指向本系统或已配置的可信地址`, // ours
  operationFailed: '操作失败',
} as const;
