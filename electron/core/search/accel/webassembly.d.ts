/**
 * The few WebAssembly JS-API declarations the search kernel uses. @types/node 20 declares the
 * WebAssembly namespace without them, and lib "DOM" (which has them) would let DOM globals into
 * Node code. Delete this file when @types/node ships them (it merges into the same namespace).
 */
declare namespace WebAssembly {
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
    grow(deltaPages: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  type ImportValue = Memory;
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, ImportValue>>);
    readonly exports: Record<string, unknown>;
  }
  function validate(bytes: Uint8Array): boolean;
}
