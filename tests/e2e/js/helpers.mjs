// What every JS e2e test shares: the client settings a Node.js user points at
// cumulo, unique names (the server is shared by all test files, which node runs
// in parallel processes), and a tiny zip writer for Lambda code.
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

const endpoint = process.env.CUMULO_URL;
if (!endpoint) throw new Error('CUMULO_URL is not set: run these tests through tests/e2e/test_javascript_sdk.py');

export const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
export const region = 'us-east-1';

// The settings for any v3 client; `extra` adds per-client ones (S3's forcePathStyle).
export function clientConfig(extra = {}) {
  return { endpoint, region, credentials, ...extra };
}

export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export async function bodyBytes(body) {
  return Buffer.from(await body.transformToByteArray());
}

// A zip archive of `files` ({name: string|Buffer}), entries stored uncompressed:
// enough for a Lambda deployment package without an npm dependency.
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below counts
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(0o100644 * 0x10000, 38); // external attributes: a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
