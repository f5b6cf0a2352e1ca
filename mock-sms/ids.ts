import { randomInt, randomUUID } from 'node:crypto';

function digits(n: number): string {
  let s = String(randomInt(1, 10));
  while (s.length < n) s += String(randomInt(0, 10));
  return s;
}

/** Aliyun RequestId: upper-case UUID, e.g. F655A8D5-B967-440B-8683-DAD6FF8DE990. */
export function aliyunRequestId(): string {
  return randomUUID().toUpperCase();
}

/** Aliyun BizId: 18 digits, "^", one digit (900619746936498440^0). */
export function aliyunBizId(): string {
  return `${digits(18)}^0`;
}

/** Tencent RequestId: lower-case UUID. */
export function tencentRequestId(): string {
  return randomUUID();
}

/** Tencent SerialNo: "5000:" and 28 digits (5000:1045710669157053657849499619). */
export function tencentSerialNo(): string {
  return `5000:${digits(28)}`;
}
