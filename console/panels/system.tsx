import { Panel } from './panel.tsx';
import { WECHAT_API_ENDPOINTS } from './endpoints.ts';

const WECHAT_ENDPOINTS = [...WECHAT_API_ENDPOINTS, '/sns/*', '*'];
const SMS_ENDPOINTS = ['sendsms', 'sendbatchsms', '*'];

function MockCard(props: { mock: 'wechat' | 'sms'; title: string }) {
  return (
    <div class="card" data-testid={`mock-card-${props.mock}`}>
      <h3>{props.title}</h3>
      <div data-testid={`system-${props.mock}`}></div>
    </div>
  );
}

/** Faults, the mock clocks, reset, and export/import of the whole sandbox. */
export function SystemPanel() {
  return (
    <Panel name="system" title="故障、时钟与状态" intro="给后续调用注入错误；拨快模拟时钟让 code、token、二维码过期；重置；导出或导入整个沙箱。">
      <div class="panel-error" data-testid="system-error" role="alert"></div>
      <div class="system">
        <MockCard mock="wechat" title="微信 mock-wechat" />
        <MockCard mock="sms" title="短信 mock-sms" />

        <form class="card wide" data-testid="fault-form" autocomplete="off">
          <h3>注入故障</h3>
          <div class="form-grid">
            <label>
              模拟器
              <select data-testid="fault-mock">
                <option value="wechat">微信 mock-wechat</option>
                <option value="sms">短信 mock-sms</option>
              </select>
            </label>
            <label class="span2">
              接口（路径；以 * 结尾为前缀；* 为全部）
              <input type="text" data-testid="fault-endpoint" list="fault-endpoints-wechat" placeholder="/sns/oauth2/access_token" />
            </label>
            <label>
              次数
              <input type="number" data-testid="fault-times" value="1" min="1" />
            </label>
            <label>
              <span data-testid="fault-code-label">errcode</span>
              <input type="text" data-testid="fault-code" placeholder="如 40029 或 -1" />
            </label>
            <label>
              <span data-testid="fault-message-label">errmsg（可选）</span>
              <input type="text" data-testid="fault-message" />
            </label>
            <label>
              HTTP 失败状态（400–599）
              <input type="number" data-testid="fault-http" min="400" max="599" />
            </label>
            <label>
              延迟（毫秒）
              <input type="number" data-testid="fault-delay" min="0" max="120000" />
            </label>
            <label data-for="wechat">
              只对此 appid
              <input type="text" data-testid="fault-appid" />
            </label>
            <label data-for="wechat">
              只对此用户
              <input type="text" data-testid="fault-persona" />
            </label>
            <label data-for="sms" hidden>
              只对此手机号
              <input type="text" data-testid="fault-phone" />
            </label>
            <label data-for="sms" hidden>
              只对此服务商
              <select data-testid="fault-provider">
                <option value="">全部</option>
                <option value="aliyun">阿里云</option>
                <option value="tencent">腾讯云</option>
              </select>
            </label>
            <label data-for="sms" hidden>
              方式
              <select data-testid="fault-mode">
                <option value="">返回错误</option>
                <option value="undelivered">受理但不送达</option>
              </select>
            </label>
            <button class="btn primary" type="submit" data-testid="fault-add">
              添加故障
            </button>
          </div>
          <datalist id="fault-endpoints-wechat">
            {WECHAT_ENDPOINTS.map((e) => (
              <option value={e} />
            ))}
          </datalist>
          <datalist id="fault-endpoints-sms">
            {SMS_ENDPOINTS.map((e) => (
              <option value={e} />
            ))}
          </datalist>
        </form>

        <form class="card" data-testid="clock-form">
          <h3>模拟时钟</h3>
          <div class="row">
            <select data-testid="clock-target" aria-label="哪个模拟器">
              <option value="all">两个模拟器</option>
              <option value="wechat">仅微信</option>
              <option value="sms">仅短信</option>
            </select>
            <input type="number" data-testid="clock-amount" value="10" style="width: 90px" aria-label="拨快多少" />
            <select data-testid="clock-unit" aria-label="单位">
              <option value="1">秒</option>
              <option value="60" selected>
                分钟
              </option>
              <option value="3600">小时</option>
              <option value="86400">天</option>
            </select>
            <button class="btn primary" type="submit" data-testid="clock-advance">
              拨快
            </button>
            <button class="btn" type="button" data-testid="clock-reset">
              归零
            </button>
          </div>
          <p class="hint">授权 code 10 分钟、access_token 2 小时、二维码 5 分钟、短信流控 1 分钟：拨快就能验证过期，不必等待。负数表示拨慢。</p>
        </form>

        <div class="card">
          <h3>重置与导出 / 导入</h3>
          <div class="row">
            <button class="btn danger" type="button" data-testid="reset-all">
              全部重置
            </button>
            <button class="btn" type="button" data-testid="reset-wechat">
              只重置微信
            </button>
            <button class="btn" type="button" data-testid="reset-sms">
              只重置短信
            </button>
          </div>
          <div class="row" style="margin-top: 10px">
            <a class="btn" href="/api/state" download="wxmock-state.json" data-testid="state-export">
              导出 JSON
            </a>
            <label class="btn">
              导入 JSON…
              <input type="file" accept="application/json,.json" data-testid="state-import" hidden />
            </label>
            <span class="sub" data-testid="state-import-result"></span>
          </div>
          <p class="hint">
            导出文件与命令 <code>wxmock export</code>{' '}
            的格式相同（含微信、短信两部分），两边可以互相导入。重置恢复默认（或配置的）世界并清空日志、故障、时钟偏移。
          </p>
        </div>
      </div>
    </Panel>
  );
}
