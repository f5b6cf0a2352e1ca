// A small login system made of unmodified client libraries that hard-code the real hosts. The
// interception tests run it as `node --import wxmock/intercept login-system.mjs` with the sandbox's
// environment and nothing else: every request below names api.weixin.qq.com, open.weixin.qq.com or
// an SMS gateway. It prints its URL, then answers one route per client (JSON).
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import createWechatWeb from '@logto/connector-wechat-web';
import createWechatNative from '@logto/connector-wechat-native';
import createAliyunSms from '@logto/connector-aliyun-sms';
import createTencentSms from '@logto/connector-tencent-sms';
import axios from 'axios';
import { got } from 'got';
import { request as undiciRequest } from 'undici';
import urllib from 'urllib';

const require = createRequire(import.meta.url);
const WechatOAuth = require('wechat-oauth');
const passport = require('passport');
const WechatStrategy = require('passport-wechat');
const Dysms = require('@alicloud/dysmsapi20170525');
const { Config: AliyunConfig } = require('@alicloud/openapi-client');
const tencentcloud = require('tencentcloud-sdk-nodejs-sms');

/** Credentials the sandbox printed: { web: {appid, secret}, mobile: {…}, aliyun: {…}, tencent: {…} } */
const cfg = JSON.parse(process.env.LOGIN_SYSTEM_CONFIG ?? '{}');
let self = '';

const wechatWeb = await createWechatWeb({ getConfig: async () => ({ appId: cfg.web.appid, appSecret: cfg.web.secret, scope: 'snsapi_login' }) });
const wechatNative = await createWechatNative({ getConfig: async () => ({ appId: cfg.mobile.appid, appSecret: cfg.mobile.secret }) });
const templates = (code) => ['SignIn', 'Register', 'ForgotPassword', 'Generic'].map((usageType) => ({ usageType, templateCode: code }));
const aliyunConfig = (secret) => ({
  accessKeyId: cfg.aliyun.accessKeyId,
  accessKeySecret: secret ?? cfg.aliyun.accessKeySecret,
  signName: cfg.aliyun.signName,
  templates: templates(cfg.aliyun.templateCode),
});
const tencentConfig = (secret) => ({
  accessKeyId: cfg.tencent.secretId,
  accessKeySecret: secret ?? cfg.tencent.secretKey,
  signName: cfg.tencent.signName,
  sdkAppId: cfg.tencent.sdkAppId,
  region: 'ap-guangzhou',
  templates: templates(cfg.tencent.templateId),
});
const aliyunSms = await createAliyunSms({ getConfig: async () => aliyunConfig() });
const tencentSms = await createTencentSms({ getConfig: async () => tencentConfig() });

passport.use(
  new WechatStrategy(
    { appID: cfg.web.appid, appSecret: cfg.web.secret, client: 'web', scope: 'snsapi_login', state: 'passport' },
    (_accessToken, _refreshToken, profile, _expiresIn, done) => done(null, profile),
  ),
);
// client 'wechat': the Official Account's web authorization inside WeChat's browser.
if (cfg.official) {
  passport.use(
    new WechatStrategy(
      { name: 'wechat-mp', appID: cfg.official.appid, appSecret: cfg.official.secret, client: 'wechat', scope: 'snsapi_userinfo', state: 'passport-mp' },
      (_accessToken, _refreshToken, profile, _expiresIn, done) => done(null, profile),
    ),
  );
}

/** The code exchange, made by each generic HTTP client as a hand-written integration would. */
function tokenUrl(code) {
  const q = new URLSearchParams({ appid: cfg.web.appid, secret: cfg.web.secret, code, grant_type: 'authorization_code' });
  return `https://api.weixin.qq.com/sns/oauth2/access_token?${q}`;
}
const generic = {
  'node:https': (url) =>
    new Promise((resolve, reject) => {
      https
        .get(url, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(JSON.parse(body)));
        })
        .on('error', reject);
    }),
  fetch: async (url) => (await fetch(url)).json(),
  undici: async (url) => (await undiciRequest(url)).body.json(),
  got: (url) => got(url).json(),
  axios: async (url) => (await axios.get(url)).data,
  urllib: async (url) => (await urllib.request(url, { dataType: 'json' })).data,
};

const promisify = (fn) => new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

/** passport-wechat's callback step, with the two request fields it reads that Express would set. */
function passportCallback(req, query) {
  req.query = query;
  return new Promise((resolve, reject) => {
    passport.initialize()(req, {}, () => {
      passport.authenticate('wechat', { session: false }, (err, user, info) =>
        err ? reject(err) : user ? resolve(user) : reject(new Error(`no user: ${JSON.stringify(info)}`)),
      )(req, {}, reject);
    });
  });
}

/** Written on the response by the route itself (a redirect from passport). */
const HANDLED = Symbol('handled');

/**
 * passport-wechat with client 'wechat' on one route, as an Express app mounts it: without a code
 * it redirects the browser to the authorize page (written on res); with one it is the callback.
 */
function passportMp(req, res, query) {
  // What Express would have set: the redirect step builds a default callback URL from them.
  req.query = query;
  req.protocol = 'http';
  req.originalUrl = req.url;
  req.get = (name) => req.headers[name.toLowerCase()];
  return new Promise((resolve, reject) => {
    res.once('finish', () => resolve(HANDLED));
    passport.initialize()(req, res, () => {
      passport.authenticate('wechat-mp', { session: false, callbackURL: `${self}/passport-wechat/mp` }, (err, user, info) =>
        err ? reject(err) : user ? resolve({ user, state: query.state }) : reject(new Error(`no user: ${JSON.stringify(info)}`)),
      )(req, res, reject);
    });
  });
}

async function aliyunSdkSend(q) {
  const client = new Dysms.default(
    new AliyunConfig({ accessKeyId: cfg.aliyun.accessKeyId, accessKeySecret: q.secret ?? cfg.aliyun.accessKeySecret, regionId: q.region ?? 'cn-hangzhou' }),
  );
  const res = await client.sendSms(
    new Dysms.SendSmsRequest({
      phoneNumbers: q.to,
      signName: cfg.aliyun.signName,
      templateCode: cfg.aliyun.templateCode,
      templateParam: JSON.stringify({ code: q.code }),
    }),
  );
  return { endpoint: client._endpoint, code: res.body.code, message: res.body.message };
}

async function tencentSdkSend(q) {
  const client = new tencentcloud.sms.v20210111.Client({
    credential: { secretId: cfg.tencent.secretId, secretKey: q.secret ?? cfg.tencent.secretKey },
    region: 'ap-guangzhou',
  });
  const res = await client.SendSms({
    PhoneNumberSet: [`+86${q.to}`],
    SmsSdkAppId: cfg.tencent.sdkAppId,
    SignName: cfg.tencent.signName,
    TemplateId: cfg.tencent.templateId,
    TemplateParamSet: [q.code],
  });
  return { endpoint: client.endpoint, code: res.SendStatusSet[0].Code };
}

const routes = {
  '/generic': async (q) => ({ client: q.client, answer: await generic[q.client](tokenUrl(q.code)) }),
  '/logto/wechat-web/start': async () => ({
    redirect: await wechatWeb.getAuthorizationUri({ state: 'logto-web', redirectUri: `${self}/logto/wechat-web/callback` }),
  }),
  '/logto/wechat-web/callback': (q) => wechatWeb.getUserInfo({ code: q.code }),
  '/logto/wechat-native/uri': async () => ({ uri: await wechatNative.getAuthorizationUri({ state: 'logto-native' }) }),
  '/logto/wechat-native/callback': (q) => wechatNative.getUserInfo({ code: q.code }),
  '/logto/aliyun-sms': async (q) => {
    await aliyunSms.sendMessage({ to: q.to, type: 'SignIn', payload: { code: q.code } }, q.secret ? aliyunConfig(q.secret) : undefined);
    return { sent: true };
  },
  '/logto/tencent-sms': async (q) => {
    await tencentSms.sendMessage({ to: `+86${q.to}`, type: 'SignIn', payload: { code: q.code } }, q.secret ? tencentConfig(q.secret) : undefined);
    return { sent: true };
  },
  '/wechat-oauth': (q) => promisify((cb) => new WechatOAuth(cfg.web.appid, cfg.web.secret).getUserByCode(q.code, cb)),
  '/passport-wechat': (q, req) => passportCallback(req, q),
  '/passport-wechat/mp': (q, req, res) => passportMp(req, res, q),
  // wechat-oauth's own purpose: the Official Account's authorize URL, then the user by code.
  '/wechat-oauth/mp/start': () => ({
    redirect: new WechatOAuth(cfg.official.appid, cfg.official.secret).getAuthorizeURL(`${self}/wechat-oauth/mp/callback`, 'wo-state', 'snsapi_userinfo'),
  }),
  '/wechat-oauth/mp/callback': async (q) => ({
    state: q.state,
    user: await promisify((cb) => new WechatOAuth(cfg.official.appid, cfg.official.secret).getUserByCode(q.code, cb)),
  }),
  '/sdk/aliyun': aliyunSdkSend,
  '/sdk/tencent': tencentSdkSend,
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, self);
  const route = routes[url.pathname];
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (!route) return send(404, { error: `no route ${url.pathname}` });
  try {
    const out = await route(Object.fromEntries(url.searchParams), req, res);
    if (out === HANDLED) return;
    if (out && typeof out.redirect === 'string') {
      res.writeHead(302, { location: out.redirect });
      return res.end();
    }
    send(200, out);
  } catch (e) {
    if (res.headersSent) return;
    send(500, { error: e.message, code: e.code, data: e.data });
  }
});
server.listen(0, '127.0.0.1', () => {
  self = `http://127.0.0.1:${server.address().port}`;
  console.log(`login system at ${self}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
