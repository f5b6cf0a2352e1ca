import { hostsFileLines } from '../intercept/hosts.ts';
import { defineCommand, flag, type FlagValues } from './flags.ts';

const HOSTS_FLAGS = {
  ip: flag.text('IP', 'the address the names should resolve to', '127.0.0.1'),
};

/** `wxmock hosts [--ip 127.0.0.1]`: the /etc/hosts lines for hostname mode. */
function hosts(o: FlagValues<typeof HOSTS_FLAGS>): number {
  const ip = o.ip;
  console.log('# wxmock hostname mode: add to /etc/hosts (or a -Djdk.net.hosts.file for the JVM);');
  console.log('# the HTTPS listener must answer on port 443 of this address (docs/intercept.md#hostname-mode)');
  for (const l of hostsFileLines(ip)) console.log(l);
  return 0;
}

export const hostsCommand = defineCommand({
  name: 'hosts',
  summary: 'prints the /etc/hosts lines for hostname mode',
  flags: HOSTS_FLAGS,
  notes: ['Example: npx wxmock hosts | sudo tee -a /etc/hosts'],
  run: (o) => hosts(o),
});
