/**
 * Where ONNX Runtime puts the vision tower's nodes on one execution provider. A session created
 * with ['webgpu'] still runs any node that provider lacks on the CPU, silently; ORT says which
 * only in its verbose log ("All nodes placed on [X]" or one "Node(s) placed on [X]. Number of
 * nodes: N" block per provider, session_state.cc). That log is native stderr, which this process
 * cannot read: the parent (gpu-index-bench.ts) captures it and reads it with placement-log.ts.
 * One batch-2 run proves the session works.
 *
 * Args: --model DIR --provider NAME
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { argValue, emitResult } from './variant-result.js';

const modelDir = argValue('model', '');
const provider = argValue('provider', 'cpu');

ort.env.logLevel = 'verbose';
const session = await ort.InferenceSession.create(join(modelDir, 'onnx/vision_model.onnx'), {
  executionProviders: [provider],
  graphOptimizationLevel: 'all',
  logSeverityLevel: 0,
  logVerbosityLevel: 0,
});
const output = await session.run({ pixel_values: new ort.Tensor('float32', new Float32Array(2 * 3 * 224 * 224).fill(0.25), [2, 3, 224, 224]) });
const dims = output[session.outputNames[0] ?? '']?.dims ?? [];
await session.release();
emitResult({ variant: 'placement', provider, outputDims: dims });
