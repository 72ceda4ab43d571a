import { crc32 } from 'node:zlib';

/** One member as it is laid out in the archive: its bytes as stored and what the headers say of them. */
export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** The member's bytes as they stand in the archive (deflated when method is 8). */
  stored: Uint8Array;
  crc: number;
  /** The expanded size the headers declare. */
  size: number;
}

/**
 * Lays members out as PKWARE's APPNOTE has it: local headers with the data, the central directory, the end
 * record; UTF-8 names (flag bit 11).
 */
export function layOutZip(members: readonly ZipMember[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, 'utf8');
    const data = Buffer.from(member.stored.buffer, member.stored.byteOffset, member.stored.byteLength);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(member.method, 8);
    local.writeUInt32LE(member.crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(member.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(member.method, 10);
    central.writeUInt32LE(member.crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(member.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}

/**
 * A zip of the given files, stored (not compressed). The DOCX reader is handed this copy of a checked upload:
 * it holds only what was expanded within limits, so the reader has nothing left to expand.
 */
export function writeStoredZip(files: Map<string, Uint8Array>): Uint8Array {
  return layOutZip(
    [...files].map(([name, data]) => ({
      name,
      method: 0,
      stored: data,
      crc: crc32(data),
      size: data.length,
    })),
  );
}
