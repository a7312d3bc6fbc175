"""Writes test/fixtures/shapes-clip-combined: the committed fixture model (models/fixtures/shapes-clip)
with both towers in one graph, onnx/model.onnx, the layout Chinese-CLIP and jina-clip exports ship
(models.md): inputs input_ids, attention_mask, pixel_values; outputs text_embeds, image_embeds.

The weights are the tower files' own, copied node for node (each tower's internal names get a
prefix so they cannot collide), so the folder must embed exactly as the two-tower folder does
(test/integration/combined-graph-model.test.ts). Each output goes through a Reshape to [0, -1]
(0 = keep the batch size): numerically nothing, but like the vision Reshape of real exports it fails
on an empty batch ("Input shape:{0,64}, requested shape:{0,-1}"), so the fixture holds the trap that
forces a loader to feed the unused tower a one-item dummy batch.

Run with Debian's python3-onnx (apt-get install python3-onnx; tested with onnx 1.12):
  /usr/bin/python3 tools/combined-model/make_combined_model.py
"""
import os
import shutil

import onnx
from onnx import helper, numpy_helper
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SOURCE = os.path.join(ROOT, 'models', 'fixtures', 'shapes-clip')
TARGET = os.path.join(ROOT, 'test', 'fixtures', 'shapes-clip-combined')
COPIED = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json',
          'special_tokens_map.json', 'vocab.json', 'merges.txt']


def prefixed(graph, prefix, batch_dim):
    """The tower's nodes and initializers with every internal name prefixed; graph inputs keep theirs."""
    keep = {i.name for i in graph.input}
    rename = lambda name: name if (name == '' or name in keep) else prefix + name
    nodes = []
    for node in graph.node:
        copy = onnx.NodeProto()
        copy.CopyFrom(node)
        copy.name = prefix + node.name if node.name else ''
        copy.input[:] = [rename(n) for n in node.input]
        copy.output[:] = [rename(n) for n in node.output]
        nodes.append(copy)
    initializers = []
    for init in graph.initializer:
        copy = onnx.TensorProto()
        copy.CopyFrom(init)
        copy.name = rename(init.name)
        initializers.append(copy)
    inputs = []
    for value in graph.input:
        copy = onnx.ValueInfoProto()
        copy.CopyFrom(value)
        for dim in copy.type.tensor_type.shape.dim:
            if dim.dim_param == 'batch':
                dim.dim_param = batch_dim
        inputs.append(copy)
    (output,) = graph.output
    return nodes, initializers, inputs, rename(output.name), output


def main():
    text = onnx.load(os.path.join(SOURCE, 'onnx', 'text_model.onnx'))
    vision = onnx.load(os.path.join(SOURCE, 'onnx', 'vision_model.onnx'))
    assert text.opset_import == vision.opset_import, 'towers must share an opset to be merged'
    t_nodes, t_inits, t_inputs, t_out, t_info = prefixed(text.graph, 'text/', 'text_batch')
    v_nodes, v_inits, v_inputs, v_out, v_info = prefixed(vision.graph, 'vision/', 'image_batch')
    keep_batch = numpy_helper.from_array(np.array([0, -1], dtype=np.int64), 'keep_batch_shape')
    traps = [
        helper.make_node('Reshape', [t_out, 'keep_batch_shape'], ['text_embeds'], name='text_embeds_reshape'),
        helper.make_node('Reshape', [v_out, 'keep_batch_shape'], ['image_embeds'], name='image_embeds_reshape'),
    ]
    dim = t_info.type.tensor_type.shape.dim[1].dim_value
    outputs = [
        helper.make_tensor_value_info('text_embeds', onnx.TensorProto.FLOAT, ['text_batch', dim]),
        helper.make_tensor_value_info('image_embeds', onnx.TensorProto.FLOAT, ['image_batch', dim]),
    ]
    graph = helper.make_graph(t_nodes + v_nodes + traps, 'shapes-clip-combined', t_inputs + v_inputs, outputs,
                              initializer=t_inits + v_inits + [keep_batch])
    model = helper.make_model(graph, opset_imports=list(text.opset_import), producer_name='make_combined_model.py')
    model.ir_version = text.ir_version
    onnx.checker.check_model(model)
    os.makedirs(os.path.join(TARGET, 'onnx'), exist_ok=True)
    for name in COPIED:
        if os.path.exists(os.path.join(SOURCE, name)):
            shutil.copyfile(os.path.join(SOURCE, name), os.path.join(TARGET, name))
    onnx.save(model, os.path.join(TARGET, 'onnx', 'model.onnx'))
    print('wrote', os.path.join(TARGET, 'onnx', 'model.onnx'),
          [i.name for i in graph.input], '->', [o.name for o in graph.output])


if __name__ == '__main__':
    main()
