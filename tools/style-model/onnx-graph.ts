/**
 * Writes a single-node-chain ONNX model (onnx.proto3 field numbers: ModelProto, GraphProto,
 * NodeProto, TensorProto, ValueInfoProto) with float32 initializers. Only what the style-model
 * fixtures use; not a general ONNX builder.
 */
import { ProtoMessage } from './protobuf-writer.js';

/** TensorProto.DataType.FLOAT */
const FLOAT = 1;
/** AttributeProto.AttributeType */
const ATTR_FLOAT = 1;
const ATTR_INTS = 7;

/** A dimension: a fixed size, or a symbolic name (dynamic). */
export type Dim = number | string;

export interface TensorSpec {
  name: string;
  shape: readonly Dim[];
}

export interface Initializer {
  name: string;
  dims: readonly number[];
  values: readonly number[];
}

export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  ints?: Readonly<Record<string, readonly number[]>>;
  floats?: Readonly<Record<string, number>>;
}

export interface GraphSpec {
  name: string;
  inputs: readonly TensorSpec[];
  outputs: readonly TensorSpec[];
  initializers: readonly Initializer[];
  nodes: readonly NodeSpec[];
  /** Default opset version (13: Conv, Clip with tensor bounds). */
  opset?: number;
}

function valueInfo(spec: TensorSpec): ProtoMessage {
  const shape = new ProtoMessage();
  for (const dim of spec.shape) {
    shape.message(1, typeof dim === 'number' ? new ProtoMessage().int(1, dim) : new ProtoMessage().string(2, dim));
  }
  const tensorType = new ProtoMessage().int(1, FLOAT).message(2, shape);
  return new ProtoMessage().string(1, spec.name).message(2, new ProtoMessage().message(1, tensorType));
}

function initializer(init: Initializer): ProtoMessage {
  const raw = Buffer.alloc(init.values.length * 4);
  init.values.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return new ProtoMessage().packedInts(1, init.dims).int(2, FLOAT).string(8, init.name).bytes(9, raw);
}

function node(spec: NodeSpec, index: number): ProtoMessage {
  const msg = new ProtoMessage();
  for (const input of spec.inputs) msg.string(1, input);
  for (const output of spec.outputs) msg.string(2, output);
  msg.string(3, `${spec.op.toLowerCase()}_${index}`).string(4, spec.op);
  for (const [name, values] of Object.entries(spec.ints ?? {})) {
    msg.message(5, new ProtoMessage().string(1, name).packedInts(8, values).int(20, ATTR_INTS));
  }
  for (const [name, value] of Object.entries(spec.floats ?? {})) {
    msg.message(5, new ProtoMessage().string(1, name).float(2, value).int(20, ATTR_FLOAT));
  }
  return msg;
}

/** The encoded .onnx bytes (IR version 8, default domain). Deterministic: same spec, same bytes. */
export function encodeOnnxModel(spec: GraphSpec): Buffer {
  const graph = new ProtoMessage();
  spec.nodes.forEach((n, i) => graph.message(1, node(n, i)));
  graph.string(2, spec.name);
  for (const init of spec.initializers) graph.message(5, initializer(init));
  for (const input of spec.inputs) graph.message(11, valueInfo(input));
  for (const output of spec.outputs) graph.message(12, valueInfo(output));
  return new ProtoMessage()
    .int(1, 8)
    .string(2, 'recollect tools/style-model')
    .message(7, graph)
    .message(8, new ProtoMessage().string(1, '').int(2, spec.opset ?? 13))
    .encode();
}
