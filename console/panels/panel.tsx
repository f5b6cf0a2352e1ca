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
