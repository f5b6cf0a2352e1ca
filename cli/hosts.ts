import { hostsFileLines } from '../intercept/hosts.ts';

/** `wxmock hosts [--ip 127.0.0.1]`: the /etc/hosts lines for hostname mode. */
export function hosts(flags: Record<string, string | boolean>): number {
  const ip = typeof flags.ip === 'string' ? flags.ip : '127.0.0.1';
  console.log('# wxmock hostname mode: add to /etc/hosts (or a -Djdk.net.hosts.file for the JVM);');
  console.log('# the HTTPS listener must answer on port 443 of this address (docs/intercept.md#hostname-mode)');
  for (const l of hostsFileLines(ip)) console.log(l);
  return 0;
}
