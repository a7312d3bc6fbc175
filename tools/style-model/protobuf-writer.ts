/**
 * The few protobuf wire-format pieces an ONNX file needs (protobuf encoding spec: varints,
 * length-delimited fields, packed repeated numbers). Enough to write a tiny style model from
 * TypeScript without adding protobufjs or Python's onnx package to the project.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED32 = 5;
const WIRE_LENGTH = 2;

function varint(value: number | bigint): number[] {
  // Negative int64 values are written as their 64-bit two's complement (10 bytes), as protobuf does.
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return bytes;
}

function key(field: number, wire: number): number[] {
  return varint((field << 3) | wire);
}

/** One protobuf message under construction; fields are appended in the order written. */
export class ProtoMessage {
  private readonly parts: Buffer[] = [];

  int(field: number, value: number | bigint): this {
    this.parts.push(Buffer.from([...key(field, WIRE_VARINT), ...varint(value)]));
    return this;
  }

  float(field: number, value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    this.parts.push(Buffer.from(key(field, WIRE_FIXED32)), bytes);
    return this;
  }

  bytes(field: number, value: Buffer): this {
    this.parts.push(Buffer.from([...key(field, WIRE_LENGTH), ...varint(value.length)]), value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  message(field: number, value: ProtoMessage): this {
    return this.bytes(field, value.encode());
  }

  /** Packed repeated int64 (proto3 default for repeated scalars). */
  packedInts(field: number, values: readonly number[]): this {
    return this.bytes(field, Buffer.from(values.flatMap((v) => varint(v))));
  }

  encode(): Buffer {
    return Buffer.concat(this.parts);
  }
}
