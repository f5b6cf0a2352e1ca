import { Panel } from './panel.tsx';
import { WECHAT_API_ENDPOINTS } from './endpoints.ts';

/** Calls people and tests commonly filter the journal by. */
const ENDPOINTS = [...WECHAT_API_ENDPOINTS, '/connect/qrconnect', '/__mock/sdk/auth', '/__mock/miniprogram/', 'SendSms', 'SendBatchSms', 'QuerySendDetails'];

/** The request journal of both mocks, newest first, filterable, each entry expandable. */
export function JournalPanel() {
  return (
    <Panel name="journal" title="请求日志" intro="两个模拟器收到的每个请求与应答，最新在上；密钥已打码。点一行展开。">
      <div class="toolbar">
        <select data-testid="journal-source" aria-label="来源">
          <option value="all">全部来源</option>
          <option value="wechat">微信 mock-wechat</option>
          <option value="sms">短信 mock-sms</option>
        </select>
        <input
          type="search"
          data-testid="journal-path"
          placeholder="接口，如 /sns/oauth2/access_token 或 SendSms"
          list="journal-endpoints"
          size={30}
          aria-label="接口"
        />
        <datalist id="journal-endpoints">
          {ENDPOINTS.map((e) => (
            <option value={e} />
          ))}
        </datalist>
        <input type="search" data-testid="journal-appid" placeholder="appid / AccessKeyId" size={20} aria-label="appid" />
        <input type="search" data-testid="journal-phone" placeholder="手机号" size={14} aria-label="手机号" />
        <input type="search" data-testid="journal-persona" placeholder="用户 id" list="journal-personas" size={12} aria-label="用户" />
        <datalist id="journal-personas" data-testid="journal-persona-options"></datalist>
        <label>
          <input type="checkbox" data-testid="journal-live" checked /> 实时
        </label>
        <span class="spacer"></span>
        <span class="count" data-testid="journal-count"></span>
        <button class="btn danger" type="button" data-testid="journal-clear">
          清空日志
        </button>
      </div>
      <div class="panel-error" data-testid="journal-error" role="alert"></div>
      <div class="scroll" data-testid="journal-list"></div>
    </Panel>
  );
}
