/**
 * The console page's script (served as /assets/console.js, docs/architecture.md "Browser code"):
 * every panel registers, in tab order, then the panel loop starts.
 */
import { appsPanel } from './apps.ts';
import { boot } from './common.ts';
import { inboxPanel } from './inbox.ts';
import { journalPanel } from './journal.ts';
import { personasPanel } from './personas.ts';
import { qrPanel } from './qr.ts';
import { systemPanel } from './system.ts';

personasPanel();
appsPanel();
qrPanel();
journalPanel();
inboxPanel();
systemPanel();
boot();
