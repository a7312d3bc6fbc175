/**
 * What a walk could not look at: folders it could not list and files it could not stat. A photo
 * the library knows under one of these is "not seen", not "gone": it keeps its row and vectors
 * until the folder can be read again (issue 8, defect 2: an unmounted share must not wipe photos).
 */
import path from 'node:path';

export class UnseenPaths {
  private readonly folders: string[] = [];
  private readonly files = new Set<string>();

  add(what: 'folder' | 'file', where: string): void {
    if (what === 'folder') this.addFolder(where);
    else this.addFile(where);
  }

  addFolder(folder: string): void {
    this.folders.push(folder.endsWith(path.sep) ? folder : folder + path.sep);
  }

  addFile(file: string): void {
    this.files.add(file);
  }

  /** True when `filePath` lies in an unread folder (at any depth) or is an unread file. */
  covers(filePath: string): boolean {
    return this.files.has(filePath) || this.folders.some((f) => filePath.startsWith(f));
  }

  get size(): number {
    return this.folders.length + this.files.size;
  }
}
