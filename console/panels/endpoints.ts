/** mock-wechat's API calls the console offers by name: as a journal filter and as a fault's endpoint. */
export const WECHAT_API_ENDPOINTS = [
  '/sns/oauth2/access_token',
  '/sns/oauth2/refresh_token',
  '/sns/userinfo',
  '/sns/auth',
  '/sns/jscode2session',
  '/cgi-bin/token',
  '/cgi-bin/stable_token',
  '/wxa/business/getuserphonenumber',
  '/wxa/checksession',
];
