import { statfsSync } from 'node:fs';
import { arch, cpus, freemem, hostname, networkInterfaces, totalmem, type } from 'node:os';
import { parse } from 'node:path';
import { fmtTime } from './time.ts';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const pct = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100) : 0);

/** Server.convertFileSize: "12.3 GB", "512 MB", "80.5 KB", "17 B". */
function fileSize(size: number): string {
  const kb = 1024,
    mb = kb * 1024,
    gb = mb * 1024;
  if (size >= gb) return `${(size / gb).toFixed(1)} GB`;
  if (size >= mb) return `${(size / mb).toFixed(size / mb > 100 ? 0 : 1)} MB`;
  if (size >= kb) return `${(size / kb).toFixed(size / kb > 100 ? 0 : 1)} KB`;
  return `${size} B`;
}

/** DateUtils.timeDistance: "2天3小时4分钟". */
function distance(ms: number): string {
  const day = 86_400_000,
    hour = 3_600_000,
    min = 60_000;
  return `${Math.floor(ms / day)}天${Math.floor((ms % day) / hour)}小时${Math.floor((ms % hour) / min)}分钟`;
}

function ipv4(): string {
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  return '127.0.0.1';
}

/**
 * FastBee's /monitor/server `Server` (framework/web/domain/Server.java) filled in with this machine
 * and this Node.js process where FastBee reports its JVM: CPU shares since boot (FastBee samples one
 * second), memory in GB, the process heap in MB, the disk of the working directory.
 */
export function serverInfo(now = Date.now()): Record<string, unknown> {
  const ticks = cpus().reduce((t, c) => ({ user: t.user + c.times.user + c.times.nice, sys: t.sys + c.times.sys + c.times.irq, idle: t.idle + c.times.idle }), {
    user: 0,
    sys: 0,
    idle: 0,
  });
  const total = ticks.user + ticks.sys + ticks.idle;
  const memTotal = totalmem(),
    memFree = freemem();
  const heap = process.memoryUsage();
  const started = now - process.uptime() * 1000;
  const root = parse(process.cwd()).root;
  let sysFiles: Record<string, unknown>[] = [];
  try {
    const fs = statfsSync(root);
    const size = fs.blocks * fs.bsize,
      free = fs.bavail * fs.bsize;
    sysFiles = [
      {
        dirName: root,
        sysTypeName: type(),
        typeName: root,
        total: fileSize(size),
        free: fileSize(free),
        used: fileSize(size - free),
        usage: pct(size - free, size),
      },
    ];
  } catch {
    sysFiles = [{ dirName: root, sysTypeName: type(), typeName: root, total: '0 B', free: '0 B', used: '0 B', usage: 0 }];
  }
  return {
    cpu: { cpuNum: cpus().length, total: round(total), sys: pct(ticks.sys, total), used: pct(ticks.user, total), wait: 0, free: pct(ticks.idle, total) },
    mem: {
      total: round(memTotal / 1024 ** 3),
      used: round((memTotal - memFree) / 1024 ** 3),
      free: round(memFree / 1024 ** 3),
      usage: pct(memTotal - memFree, memTotal),
    },
    jvm: {
      total: round(heap.heapTotal / 1024 ** 2),
      max: round(heap.rss / 1024 ** 2),
      free: round((heap.heapTotal - heap.heapUsed) / 1024 ** 2),
      used: round(heap.heapUsed / 1024 ** 2),
      usage: pct(heap.heapUsed, heap.heapTotal),
      name: 'Node.js (wxmock reference-login)',
      version: process.version,
      home: process.execPath,
      startTime: fmtTime(started),
      runTime: distance(now - started),
      inputArgs: JSON.stringify(process.execArgv),
    },
    sys: { computerName: hostname(), computerIp: ipv4(), userDir: process.cwd(), osName: type(), osArch: arch() },
    sysFiles,
  };
}
