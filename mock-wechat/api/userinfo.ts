import { createHash } from 'node:crypto';
import { BoundedMap } from '../../core/bounded-map.ts';
import type { WechatCtx } from '../context.ts';
import type { App, Persona } from '../world/types.ts';

/** Avatar ids by seed and persona: a hash per userinfo call was a tenth of its cost. */
const avatarIds = new BoundedMap<string, string>(10_000);

/** A qlogo-shaped avatar URL, stable per persona: https://thirdwx.qlogo.cn/mmopen/vi_32/<id>/132 */
function avatarUrl(ctx: WechatCtx, persona: Persona): string {
  if (persona.avatar) return persona.avatar;
  const key = `${ctx.world.seed}:avatar:${persona.id}`;
  let id = avatarIds.get(key);
  if (id === undefined) {
    id = createHash('sha256').update(key).digest('base64url').slice(0, 86);
    avatarIds.set(key, id);
  }
  return `${ctx.options.get().avatarBase}/mmopen/vi_32/${id}/132`;
}

/** /sns/userinfo's body, keys in the order the real service writes them. */
export function userinfoBody(ctx: WechatCtx, persona: Persona, app: App): Record<string, unknown> {
  const legacy = ctx.options.get().userinfo === 'legacy';
  const body: Record<string, unknown> = {
    openid: ctx.world.openidFor(persona, app.appid),
    nickname: persona.nickname,
    sex: legacy ? persona.sex : 0,
    language: legacy ? persona.language : '',
    city: legacy ? persona.city : '',
    province: legacy ? persona.province : '',
    country: legacy ? persona.country : '',
    headimgurl: avatarUrl(ctx, persona),
    privilege: [],
  };
  const unionid = ctx.world.unionidFor(persona, app);
  if (unionid) body.unionid = unionid;
  return body;
}
