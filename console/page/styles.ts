import { MONO_FONTS, PAGE_FONTS } from '../../core/fonts.ts';

/** The console's stylesheet: system fonts only (no network), light, dense tables. */
export const CONSOLE_CSS = `
:root { --green: #07c160; --green-dark: #06ad56; --ink: #1f2329; --muted: #646a73; --line: #e5e6eb; --bg: #f5f6f7; --warn: #d97706; --err: #d93026; --blue: #2f6fde; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.5 ${PAGE_FONTS}; }
.mono, code { font-family: ${MONO_FONTS}; font-size: 12px; }
a { color: var(--blue); }
button, input, select, textarea { font: inherit; }

.topbar { background: #1f2329; color: #fff; display: flex; align-items: center; gap: 18px; padding: 10px 20px; }
.brand { font-size: 17px; font-weight: 600; display: flex; align-items: center; gap: 8px; white-space: nowrap; }
.brand .badge { background: #f0ad4e; color: #fff; font-size: 11px; letter-spacing: .5px; }
.mocks { display: flex; gap: 10px; margin-left: auto; flex-wrap: wrap; }
.mock-pill { display: flex; align-items: center; gap: 8px; background: #2b3038; border-radius: 14px; padding: 3px 12px; font-size: 12px; color: #c9cdd4; }
.mock-pill .dot { width: 8px; height: 8px; border-radius: 50%; background: #888; }
.mock-pill[data-ok=true] .dot { background: var(--green); }
.mock-pill[data-ok=false] .dot { background: var(--err); }
.mock-pill strong { color: #fff; font-weight: 600; }
.mock-pill .offset { color: #f0ad4e; }

nav.tabs { display: flex; flex-wrap: wrap; align-items: center; gap: 2px; background: #fff; border-bottom: 1px solid var(--line); padding: 0 16px; position: sticky; top: 0; z-index: 10; }
nav.tabs a { padding: 11px 16px; color: var(--muted); text-decoration: none; border-bottom: 2px solid transparent; white-space: nowrap; }
nav.tabs a:hover { color: var(--ink); }
nav.tabs a[aria-current=page] { color: var(--green-dark); border-bottom-color: var(--green); font-weight: 600; }

main { padding: 16px 20px 40px; }
.panel[hidden] { display: none; }
.panel > header { display: flex; align-items: baseline; gap: 12px; margin: 2px 0 10px; }
.panel > header h2 { font-size: 18px; margin: 0; font-weight: 600; }
.panel > header p { margin: 0; color: var(--muted); font-size: 13px; }
.toolbar { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 10px; }
.toolbar .spacer { flex: 1; }
.toolbar label { display: flex; align-items: center; gap: 5px; color: var(--muted); font-size: 13px; }
.panel-error { background: #fdecea; border: 1px solid #f5c2c0; color: var(--err); padding: 8px 12px; border-radius: 6px; margin-bottom: 10px; }
.panel-error:empty { display: none; }
.empty { color: var(--muted); padding: 28px; text-align: center; background: #fff; border: 1px dashed var(--line); border-radius: 8px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.card h3 { margin: 0 0 10px; font-size: 15px; }
.count { color: var(--muted); font-size: 13px; }

input[type=text], input[type=number], input[type=search], input:not([type]), select, textarea {
  border: 1px solid #d0d3d9; border-radius: 5px; padding: 4px 8px; background: #fff; color: var(--ink); min-height: 30px; }
input:focus, select:focus, textarea:focus { outline: 2px solid rgba(7,193,96,.25); border-color: var(--green); }
.btn { display: inline-flex; align-items: center; justify-content: center; text-decoration: none; border: 1px solid #d0d3d9; background: #fff; color: var(--ink); border-radius: 5px; padding: 4px 12px; cursor: pointer; min-height: 30px; white-space: nowrap; }
.btn:hover { border-color: var(--green); color: var(--green-dark); }
.btn:disabled { opacity: .45; cursor: default; border-color: #d0d3d9; color: var(--ink); }
.btn.primary { background: var(--green); border-color: var(--green); color: #fff; }
.btn.primary:hover { background: var(--green-dark); color: #fff; }
.btn.danger { color: var(--err); }
.btn.danger:hover { border-color: var(--err); }
.btn.small { padding: 1px 8px; min-height: 24px; font-size: 12px; }
.btn.link { border: none; background: none; color: var(--blue); padding: 0 4px; min-height: 0; }

table.grid { width: 100%; border-collapse: separate; border-spacing: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
table.grid th { text-align: left; font-weight: 600; font-size: 12px; color: var(--muted); background: #fafbfc; padding: 8px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.grid td { padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.grid tr:last-child td { border-bottom: none; }
table.grid td.who { min-width: 150px; }
.scroll { overflow-x: auto; }
table.grid td.actions { white-space: nowrap; text-align: right; }
table.grid td.actions .btn + .btn { margin-left: 4px; }
.sub { color: var(--muted); font-size: 12px; }
.nowrap { white-space: nowrap; }
td.breakable { word-break: break-all; min-width: 140px; }

.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; line-height: 20px; background: #eef0f3; color: var(--muted); white-space: nowrap; }
.badge.ok { background: #e6f7ee; color: #06833f; }
.badge.warn { background: #fff4e0; color: #a15c00; }
.badge.err { background: #fdecea; color: var(--err); }
.badge.info { background: #e8f0fe; color: var(--blue); }

/* personas: ids side by side */
.ids { display: grid; grid-template-columns: max-content max-content auto; gap: 2px 10px; align-items: center; }
.ids.two { grid-template-columns: max-content auto; }
.ids .key { color: var(--muted); font-size: 12px; white-space: nowrap; }
.uid { display: inline-flex; align-items: center; gap: 5px; border-radius: 10px; padding: 0 8px 0 6px; font-size: 12px; line-height: 20px; background: #f2f3f5; white-space: nowrap; }
.uid i { width: 9px; height: 9px; border-radius: 50%; display: inline-block; }
.mismatch { color: var(--warn); font-size: 12px; font-weight: 600; white-space: nowrap; }
.pinned { color: var(--blue); font-size: 11px; }

/* secret */
.secret { display: inline-flex; align-items: center; gap: 4px; }

/* QR */
.qr-row[data-status=confirmed] { background: #f6fdf9; }

/* journal */
table.journal td { padding: 5px 10px; font-size: 13px; }
table.journal tr.entry { cursor: pointer; }
table.journal tr.entry:hover td { background: #f7fbf9; }
table.journal tr.entry[aria-expanded=true] td { background: #eefaf3; }
table.journal td.detail { background: #fbfbfc; padding: 10px 12px 14px; }
.exchange { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.exchange h4 { margin: 0 0 6px; font-size: 13px; }
.exchange pre { margin: 0 0 8px; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; max-height: 340px; overflow: auto; white-space: pre-wrap; word-break: break-all; }
.src-wechat { background: #e6f7ee; color: #06833f; }
.src-sms { background: #e8f0fe; color: var(--blue); }
.status-bad { color: var(--err); font-weight: 600; }

/* SMS inbox */
.inbox { display: grid; grid-template-columns: 250px 1fr; gap: 14px; align-items: start; }
.phones { background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.phones button { display: flex; width: 100%; justify-content: space-between; align-items: center; gap: 8px; border: none; border-bottom: 1px solid var(--line); background: #fff; padding: 9px 12px; cursor: pointer; text-align: left; }
.phones button:last-child { border-bottom: none; }
.phones button[aria-pressed=true] { background: #eefaf3; box-shadow: inset 3px 0 0 var(--green); }
.phones .n { color: var(--muted); font-size: 12px; }
.messages { display: flex; flex-direction: column; gap: 10px; }
.sms { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; display: grid; grid-template-columns: 1fr auto; gap: 6px 16px; }
.sms[data-status=undelivered] { opacity: .6; }
.sms .meta { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; font-size: 12px; color: var(--muted); }
.sms .meta strong { color: var(--ink); font-size: 14px; }
.bubble { grid-column: 1; background: #f2f3f5; border-radius: 4px 14px 14px 14px; padding: 8px 12px; max-width: 560px; font-size: 14px; }
.codebox { grid-column: 2; grid-row: 1 / span 2; display: flex; flex-direction: column; align-items: flex-end; justify-content: center; gap: 4px; }
.codebox .code { font-size: 24px; font-weight: 700; letter-spacing: 3px; color: var(--ink); }

/* faults, clock, state */
.system { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.system .wide { grid-column: 1 / -1; }
.form-grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px 12px; align-items: end; }
.form-grid label, .fields label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; color: var(--muted); }
.form-grid .span2 { grid-column: span 2; }
.clock-now { font-size: 18px; font-weight: 600; }
.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.hint { color: var(--muted); font-size: 12px; margin: 6px 0 0; }

/* dialog form */
dialog.form { border: none; border-radius: 10px; padding: 0; width: min(760px, 94vw); box-shadow: 0 12px 40px rgba(0,0,0,.25); }
dialog.form::backdrop { background: rgba(31,35,41,.45); }
dialog.form form { padding: 18px 20px 16px; }
dialog.form h3 { margin: 0 0 12px; font-size: 17px; }
dialog.form h4 { margin: 14px 0 6px; font-size: 13px; color: var(--muted); font-weight: 600; }
.fields { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px 12px; }
.fields label.check { flex-direction: row; align-items: center; gap: 6px; color: var(--ink); font-size: 13px; padding-top: 18px; }
.fields .wide { grid-column: 1 / -1; }
.fields.ids-fields { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.form-error { color: var(--err); margin: 10px 0 0; }
.form-error:empty { display: none; }
.form-actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }

.toast { margin: 6px 0 6px auto; min-width: 12em; max-width: min(560px, 60%); overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  background: #1f2329; color: #fff; padding: 4px 12px; border-radius: 14px; font-size: 13px; }
.toast.error { background: var(--err); }
.toast[hidden] { display: none; }
`;
