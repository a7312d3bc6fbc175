/**
 * Read-only access to a photo file: the image layer never writes to, truncates or touches
 * the source (files are opened with flag 'r' only). Random access for container walkers
 * (TIFF IFDs in RAW files, RAF headers) without reading whole multi-megabyte RAWs.
 */
import { open, type FileHandle } from 'node:fs/promises';

/** Random-access bytes: a whole file or a range of one (e.g. a TIFF block inside a CR3). */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Promise<Buffer>;
}

/** A view of `length` bytes of `source` starting at `base`, addressed from 0. */
export function byteRange(source: ByteSource, base: number, length: number): ByteSource {
  const size = Math.max(0, Math.min(length, source.size - base));
  return {
    size,
    read: (position, wanted) => source.read(base + position, Math.max(0, Math.min(wanted, size - position))),
  };
}

export class ReadOnlyFile implements ByteSource {
  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<ReadOnlyFile> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new ReadOnlyFile(handle, size);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Reads up to `length` bytes at `position`; shorter at end of file. */
  async read(position: number, length: number): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, this.size - position));
    const buffer = Buffer.alloc(wanted);
    if (wanted === 0) return buffer;
    const { bytesRead } = await this.handle.read(buffer, 0, wanted, position);
    return bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Runs `use` with the file open read-only, always closing it. */
export async function withReadOnlyFile<T>(path: string, use: (file: ReadOnlyFile) => Promise<T>): Promise<T> {
  const file = await ReadOnlyFile.open(path);
  try {
    return await use(file);
  } finally {
    await file.close();
  }
}
