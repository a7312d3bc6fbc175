#!/usr/bin/python3
"""Writes a size-accurate, random-weight CLIP ViT-B/32 for benchmarks (never for quality).

Same shapes and the same operations per layer as openai/clip-vit-base-patch32 as exported by
Hugging Face / transformers.js (CLIPVisionModelWithProjection / CLIPTextModelWithProjection), so
ONNX Runtime does the same work (~8.8 GFLOP per image): the weights are random, the speed is real.

  image tower: patch 32 conv (no bias) -> class token + 50 positional embeddings -> pre-LN ->
               12 x [LN, MHA 12 heads, LN, MLP 3072 quick_gelu] (width 768) -> post-LN on the class
               token -> 768 x 512 projection (no bias)
  text tower:  49,408 x 512 token + 77 positional embeddings -> 12 x [LN, causal MHA 8 heads, LN,
               MLP 2048 quick_gelu] (width 512) -> final LN -> pool at argmax(input_ids) (EOS) ->
               512 x 512 projection (no bias)

Usage: make-bench-model.py --out DIR [--ref DIR]   (run by bench-model.ts; plain torch, no
`transformers` package). Torch 1.13 (Debian) exports ONNX opset 17 with a dynamic batch axis; a
torch >= 2.9 (the GPU machine's 2.11, ../shared/docs/gpu.md) defaults to the dynamo exporter, so
export_onnx() asks for the TorchScript one and falls back to dynamo only where that one is gone.
--ref is any CLIP folder with the tokenizer/preprocessor files: refclip-a here, or the tracked
models/fixtures/shapes-clip where ../shared does not travel (tools/bench/gpu-device-run.sh). The
tokenizer does not change the image tower's cost. When Python's onnxruntime is importable, the
written vision tower is run at batch 3 and compared with torch (proves the dynamic batch axis).
"""
import argparse
import inspect
import json
import math
import os
import shutil

import torch
import torch.nn as nn

VISION = dict(width=768, layers=12, heads=12, mlp=3072, patch=32, image=224)
TEXT = dict(width=512, layers=12, heads=8, mlp=2048, ctx=77, vocab=49408)
PROJECTION = 512
LN_EPS = 1e-5
COPIED_FILES = ["preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
                "special_tokens_map.json", "vocab.json", "merges.txt"]


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Attention(nn.Module):
    """HF CLIPAttention: separate q/k/v projections with bias, scaled dot product, out projection."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.head_dim = width // heads
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.out_proj = nn.Linear(width, width)

    def forward(self, x, bias):
        b, s, w = x.shape

        def split(t):
            return t.reshape(b, s, self.heads, self.head_dim).transpose(1, 2)

        q = split(self.q_proj(x) * (self.head_dim ** -0.5))
        k, v = split(self.k_proj(x)), split(self.v_proj(x))
        att = q @ k.transpose(-1, -2)
        if bias is not None:
            att = att + bias
        out = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, s, w)
        return self.out_proj(out)


class EncoderLayer(nn.Module):
    """Pre-LN residual block, as CLIPEncoderLayer."""

    def __init__(self, width, heads, mlp):
        super().__init__()
        self.layer_norm1 = nn.LayerNorm(width, eps=LN_EPS)
        self.self_attn = Attention(width, heads)
        self.layer_norm2 = nn.LayerNorm(width, eps=LN_EPS)
        self.mlp = nn.Sequential(nn.Linear(width, mlp), QuickGELU(), nn.Linear(mlp, width))

    def forward(self, x, bias):
        x = x + self.self_attn(self.layer_norm1(x), bias)
        return x + self.mlp(self.layer_norm2(x))


class VisionTower(nn.Module):
    def __init__(self, c=VISION):
        super().__init__()
        w = c["width"]
        patches = (c["image"] // c["patch"]) ** 2
        self.patch_embedding = nn.Conv2d(3, w, kernel_size=c["patch"], stride=c["patch"], bias=False)
        self.class_embedding = nn.Parameter(torch.randn(w) * 0.02)
        self.position_embedding = nn.Parameter(torch.randn(patches + 1, w) * 0.02)
        self.pre_layrnorm = nn.LayerNorm(w, eps=LN_EPS)
        self.layers = nn.ModuleList([EncoderLayer(w, c["heads"], c["mlp"]) for _ in range(c["layers"])])
        self.post_layernorm = nn.LayerNorm(w, eps=LN_EPS)
        self.visual_projection = nn.Linear(w, PROJECTION, bias=False)

    def forward(self, pixel_values):
        x = self.patch_embedding(pixel_values).flatten(2).transpose(1, 2)  # [B, 49, 768]
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + self.position_embedding
        x = self.pre_layrnorm(x)
        for layer in self.layers:
            x = layer(x, None)
        return self.visual_projection(self.post_layernorm(x[:, 0, :]))


class TextTower(nn.Module):
    def __init__(self, c=TEXT):
        super().__init__()
        w = c["width"]
        self.token_embedding = nn.Embedding(c["vocab"], w)
        self.position_embedding = nn.Parameter(torch.randn(c["ctx"], w) * 0.01)
        self.layers = nn.ModuleList([EncoderLayer(w, c["heads"], c["mlp"]) for _ in range(c["layers"])])
        self.final_layer_norm = nn.LayerNorm(w, eps=LN_EPS)
        self.text_projection = nn.Linear(w, PROJECTION, bias=False)
        nn.init.normal_(self.token_embedding.weight, std=0.02)

    def forward(self, input_ids, attention_mask):
        s = input_ids.shape[1]
        x = self.token_embedding(input_ids) + self.position_embedding[:s]
        # Causal mask plus padding mask, as HF CLIPTextTransformer builds them.
        causal = torch.triu(torch.full((s, s), torch.finfo(torch.float32).min), diagonal=1)
        pad = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * torch.finfo(torch.float32).min
        bias = causal[None, None] + pad
        for layer in self.layers:
            x = layer(x, bias)
        x = self.final_layer_norm(x)
        # EOS pooling: the end-of-text token has the highest id (legacy CLIP configs, eos_token_id 2).
        pooled = x[torch.arange(x.shape[0]), input_ids.to(torch.int64).argmax(dim=-1)]
        return self.text_projection(pooled)


def init_like_clip(module):
    """Small normal weights so activations stay finite and well scaled (speed does not depend on values,
    but NaN/denormal-heavy tensors could)."""
    for m in module.modules():
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Conv2d):
            nn.init.normal_(m.weight, std=0.02)


def tower_config(ref_config, key, model_type):
    """The reference's tower config, only where it describes the same kind of tower (a fixture's
    custom vision tower has other keys)."""
    tower = dict((ref_config or {}).get(key) or {})
    return tower if tower.get("model_type") == model_type else {}


def config_json(ref_config):
    cfg = dict(ref_config) if ref_config else {"model_type": "clip", "logit_scale_init_value": 2.6592}
    cfg.pop("name", None)
    cfg["_name_or_path"] = "bench-clip-vit-b32-random"
    cfg["architectures"] = ["CLIPModel"]
    cfg["projection_dim"] = PROJECTION
    text = tower_config(ref_config, "text_config", "clip_text_model")
    text.update({
        "model_type": "clip_text_model", "hidden_act": "quick_gelu", "hidden_size": TEXT["width"],
        "intermediate_size": TEXT["mlp"], "num_attention_heads": TEXT["heads"],
        "num_hidden_layers": TEXT["layers"], "max_position_embeddings": TEXT["ctx"],
        "vocab_size": TEXT["vocab"], "projection_dim": PROJECTION, "layer_norm_eps": LN_EPS,
        "bos_token_id": text.get("bos_token_id", 0), "eos_token_id": text.get("eos_token_id", 2),
        "pad_token_id": text.get("pad_token_id", 1),
    })
    vision = tower_config(ref_config, "vision_config", "clip_vision_model")
    vision.update({
        "model_type": "clip_vision_model", "hidden_act": "quick_gelu", "hidden_size": VISION["width"],
        "intermediate_size": VISION["mlp"], "num_attention_heads": VISION["heads"],
        "num_hidden_layers": VISION["layers"], "patch_size": VISION["patch"], "image_size": VISION["image"],
        "num_channels": 3, "projection_dim": PROJECTION, "layer_norm_eps": LN_EPS,
    })
    cfg["text_config"], cfg["vision_config"] = text, vision
    return cfg


def export_onnx(module, args, path, input_names, output_names, dynamic_axes):
    """torch.onnx.export with the TorchScript exporter where this torch has it (1.13: the only one;
    2.9+: dynamo=False), else the dynamo exporter with weights inside the .onnx file."""
    common = dict(input_names=input_names, output_names=output_names, dynamic_axes=dynamic_axes)
    params = inspect.signature(torch.onnx.export).parameters
    if "dynamo" not in params:
        torch.onnx.export(module, args, path, opset_version=17, do_constant_folding=True, **common)
        return "torchscript"
    try:
        torch.onnx.export(module, args, path, opset_version=17, do_constant_folding=True, dynamo=False, **common)
        return "torchscript"
    except Exception as err:  # noqa: BLE001 - any failure of the old exporter: try the new one
        print(f"TorchScript ONNX export failed ({type(err).__name__}: {err}); using the dynamo exporter", flush=True)
    extra = {"external_data": False} if "external_data" in params else {}
    torch.onnx.export(module, args, path, dynamo=True, **extra, **common)
    return "dynamo"


def check_with_onnxruntime(onnx_dir, vision):
    """Runs the written vision tower at batch 3 (not the export's 2) against torch, if Python's
    onnxruntime is there (the GPU machine has it; Debian's python3 here does not)."""
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not importable: skipped the ONNX check", flush=True)
        return
    session = ort.InferenceSession(os.path.join(onnx_dir, "vision_model.onnx"), providers=["CPUExecutionProvider"])
    x = torch.randn(3, 3, 224, 224)
    with torch.no_grad():
        want = vision(x)
    got = torch.from_numpy(session.run(None, {"pixel_values": x.numpy()})[0])
    if tuple(got.shape) != (3, PROJECTION):
        raise SystemExit(f"ONNX vision tower returned shape {tuple(got.shape)}, expected (3, {PROJECTION})")
    cosine = torch.nn.functional.cosine_similarity(got, want, dim=-1).min().item()
    print(f"ONNX vision tower at batch 3: shape {tuple(got.shape)}, min cosine vs torch {cosine:.6f}", flush=True)
    if not cosine > 0.999:
        raise SystemExit("the ONNX vision tower disagrees with torch")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--ref", help="folder with the CLIP tokenizer/preprocessor files to copy")
    ap.add_argument("--seed", type=int, default=32)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    onnx_dir = os.path.join(args.out, "onnx")
    os.makedirs(onnx_dir, exist_ok=True)

    ref_config = None
    if args.ref and os.path.isdir(args.ref):
        for name in COPIED_FILES:
            src = os.path.join(args.ref, name)
            if os.path.exists(src):
                shutil.copyfile(src, os.path.join(args.out, name))
        with open(os.path.join(args.ref, "config.json")) as f:
            ref_config = json.load(f)
    missing = [n for n in COPIED_FILES if not os.path.exists(os.path.join(args.out, n))]
    if missing:
        raise SystemExit(f"missing tokenizer/preprocessor files {missing}: pass --ref with a CLIP model folder")
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config_json(ref_config), f, indent=2)

    vision, text = VisionTower().eval(), TextTower().eval()
    init_like_clip(vision)
    init_like_clip(text)
    for tower in (vision, text):
        params = sum(p.numel() for p in tower.parameters())
        print(f"{type(tower).__name__}: {params / 1e6:.1f} M parameters", flush=True)

    with torch.no_grad():
        how = export_onnx(
            vision, (torch.randn(2, 3, 224, 224),), os.path.join(onnx_dir, "vision_model.onnx"),
            input_names=["pixel_values"], output_names=["image_embeds"],
            dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}},
        )
        print(f"vision tower exported ({how} exporter, torch {torch.__version__})", flush=True)
        ids = torch.tensor([[49406, 320, 1125, 539, 320, 2368, 49407] + [49407] * 5] * 2)
        mask = (torch.arange(12)[None] < 7).to(torch.int64).expand(2, -1).contiguous()
        how = export_onnx(
            text, (ids, mask), os.path.join(onnx_dir, "text_model.onnx"),
            input_names=["input_ids", "attention_mask"], output_names=["text_embeds"],
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                          "text_embeds": {0: "batch"}},
        )
        print(f"text tower exported ({how} exporter)", flush=True)
        img = vision(torch.randn(1, 3, 224, 224))
        txt = text(ids[:1], mask[:1])
        if not (torch.isfinite(img).all() and torch.isfinite(txt).all()):
            raise SystemExit("non-finite embeddings from the random model")
        check_with_onnxruntime(onnx_dir, vision)
    print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
