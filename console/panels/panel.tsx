import type { Child } from 'hono/jsx';

/** A panel of the console: hidden until its tab is chosen (console/client/common.ts), its title and what it is for above its content. */
export function Panel(props: { name: string; title: string; intro: string; children?: Child }) {
  return (
    <section class="panel" data-panel={props.name} data-testid={`panel-${props.name}`} hidden>
      <header>
        <h2>{props.title}</h2>
        <p>{props.intro}</p>
      </header>
      {props.children}
    </section>
  );
}

/** The list a panel edits: a 新建 button and the count above it, the panel's error line, the list (console/client/<panel>.ts fills them). */
export function ItemList(props: { panel: string; item: string; newLabel: string }) {
  return (
    <>
      <div class="toolbar">
        <button class="btn primary" type="button" data-testid={`${props.item}-new`}>
          {props.newLabel}
        </button>
        <span class="count" data-testid={`${props.item}-count`}></span>
      </div>
      <div class="panel-error" data-testid={`${props.panel}-error`} role="alert"></div>
      <div class="scroll" data-testid={`${props.item}-list`}></div>
    </>
  );
}
