#!/usr/bin/python3
"""Trains shapes-clip, a compact CLIP over rendered scenes of coloured shapes.

Run by build.ts (npm run fixture:model), in phases so the tokenizer can be checked against the
product's JS tokenizer before spending minutes on training:

  train.py tokenizer --work DIR --out DIR   learn BPE on the training captions, write tokenizer files
  train.py train     --work DIR --out DIR   train, evaluate, export ONNX + config files

Inputs in --work (written by build.ts): train.u16 (N x 3 x 112 x 112 uint16: exact 2x2 sums of the
224 x 224 pixels, preprocessed as the product does it; the model's first op is that 2x2 average),
train.json (captions with claims, facts per image), eval.u16 / eval.json.
Deterministic for a given seed: fixed data order, seeded augmentation, single-threaded maths paths
that do not depend on thread scheduling for their result order (conv/linear on CPU).
"""
import argparse
import copy
import json
import math
import os
import re
import sys
import time
import unicodedata

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CTX = 32  # text_config.max_position_embeddings; captions are at most ~16 tokens
EMBED_DIM = 64
TEXT_WIDTH = 64
TEXT_LAYERS = 2
TEXT_HEADS = 4
IMAGE_MEAN = [0.48145466, 0.4578275, 0.40821073]
IMAGE_STD = [0.26862954, 0.26130258, 0.27577711]
BOS, EOS = "<|startoftext|>", "<|endoftext|>"


# ---------------------------------------------------------------------------------------------
# Tokenizer: CLIP-style byte-level BPE with "</w>" end-of-word suffix, learned on our captions.
# ---------------------------------------------------------------------------------------------

def bytes_to_unicode():
    """GPT-2/CLIP byte -> printable unicode table (same order CLIP uses for its first 256 ids)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENCODER = bytes_to_unicode()
# The Split pre-tokenizer of CLIP's tokenizer.json, in Python `re` terms (no \p{L}): letters runs,
# single digits, runs of other non-space characters. Checked against the JS tokenizer by build.ts.
PRE_TOKEN_RE = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|(?:[^\s\w]|_)+")


def normalize(text):
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text)
    # Per character, as the Rust tokenizer does (JS toLowerCase differs on a final sigma).
    return "".join(ch.lower() for ch in text)


def pre_tokenize(text):
    return ["".join(BYTE_ENCODER[b] for b in w.encode("utf-8")) for w in PRE_TOKEN_RE.findall(normalize(text))]


def word_symbols(word):
    return list(word[:-1]) + [word[-1] + "</w>"]


def learn_bpe(texts, max_merges=2000):
    freq = {}
    for t in texts:
        for w in pre_tokenize(t):
            freq[w] = freq.get(w, 0) + 1
    words = {w: word_symbols(w) for w in freq}
    merges = []
    while len(merges) < max_merges:
        pairs = {}
        for w, syms in words.items():
            for a, b in zip(syms, syms[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + freq[w]
        if not pairs:
            break
        # Highest count, ties broken by the pair itself: the same captions always give the same merges.
        best = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        if best[1] < 2:
            break
        a, b = best[0]
        merges.append((a, b))
        for w, syms in words.items():
            out = []
            i = 0
            while i < len(syms):
                if i + 1 < len(syms) and syms[i] == a and syms[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            words[w] = out
    return merges


class BPETokenizer:
    def __init__(self, vocab, merges):
        self.vocab = vocab
        self.ranks = {tuple(m): i for i, m in enumerate(merges)}
        self.bos = vocab[BOS]
        self.eos = vocab[EOS]
        self.cache = {}

    def bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        syms = word_symbols(word)
        while len(syms) > 1:
            ranked = [(self.ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(syms, syms[1:]))]
            rank, i = min(ranked)
            if rank == math.inf:
                break
            a, b = syms[i], syms[i + 1]
            out = []
            j = 0
            while j < len(syms):
                if j + 1 < len(syms) and syms[j] == a and syms[j + 1] == b:
                    out.append(a + b)
                    j += 2
                else:
                    out.append(syms[j])
                    j += 1
            syms = out
        self.cache[word] = syms
        return syms

    def encode(self, text):
        """Ids with start/end tokens, untruncated (as the JS tokenizer's encode returns them)."""
        ids = [self.bos]
        for w in pre_tokenize(text):
            ids += [self.vocab.get(s, self.eos) for s in self.bpe(w)]
        return ids + [self.eos]

    def encode_fixed(self, text, ctx=CTX):
        """Truncated keeping EOS last, padded with the pad id (= EOS), as the product feeds the model."""
        ids = self.encode(text)
        if len(ids) > ctx:
            ids = ids[: ctx - 1] + [self.eos]
        mask = [1] * len(ids) + [0] * (ctx - len(ids))
        return ids + [self.eos] * (ctx - len(ids)), mask


def build_vocab(merges):
    base = list(BYTE_ENCODER.values())
    tokens = base + [t + "</w>" for t in base]
    seen = set(tokens)
    for a, b in merges:
        # Two merge paths can spell the same token; a vocabulary maps each string once.
        if a + b not in seen:
            tokens.append(a + b)
            seen.add(a + b)
    tokens += [BOS, EOS]
    return {t: i for i, t in enumerate(tokens)}


def tokenizer_json(vocab, merges):
    """Same structure as CLIP's tokenizer.json (refclip-a), with our vocabulary and merges."""
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [],
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "NFC"},
                {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "},
                {"type": "Lowercase"},
            ],
        },
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {
                    "type": "Split",
                    "pattern": {"Regex": "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+"},
                    "behavior": "Removed",
                    "invert": True,
                },
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            ],
        },
        "post_processor": {
            "type": "RobertaProcessing",
            "sep": [EOS, vocab[EOS]],
            "cls": [BOS, vocab[BOS]],
            "trim_offsets": False,
            "add_prefix_space": False,
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": EOS,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "</w>",
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [[a, b] for a, b in merges],
        },
    }


def write_json(path, obj, indent=2):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=indent)
        f.write("\n")


def load_tokenizer(out):
    with open(os.path.join(out, "tokenizer.json"), encoding="utf-8") as f:
        tj = json.load(f)
    return BPETokenizer(tj["model"]["vocab"], [tuple(m) for m in tj["model"]["merges"]])


def phase_tokenizer(args):
    train = json.load(open(os.path.join(args.work, "train.json"), encoding="utf-8"))
    evals = json.load(open(os.path.join(args.work, "eval.json"), encoding="utf-8"))
    texts = [c["text"] for item in train["items"] for c in item["captions"]]
    merges = learn_bpe(texts)
    vocab = build_vocab(merges)
    os.makedirs(args.out, exist_ok=True)
    write_json(os.path.join(args.out, "tokenizer.json"), tokenizer_json(vocab, merges))
    write_json(os.path.join(args.out, "vocab.json"), vocab, indent=None)
    with open(os.path.join(args.out, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(f"{a} {b}\n")
    special = {"bos_token": BOS, "eos_token": EOS, "unk_token": EOS, "pad_token": EOS}
    write_json(os.path.join(args.out, "special_tokens_map.json"), special)
    write_json(
        os.path.join(args.out, "tokenizer_config.json"),
        {
            **special,
            "model_max_length": CTX,
            "do_lower_case": True,
            "clean_up_tokenization_spaces": False,
            "tokenizer_class": "CLIPTokenizer",
            "errors": "replace",
        },
    )
    tok = BPETokenizer(vocab, merges)
    # Every caption the model trains on or is tested with, plus odd inputs the product may see.
    probe = sorted(set(texts) | set(evals["texts"]) | set(evals.get("probes", [])))
    write_json(os.path.join(args.work, "py_tokens.json"), {t: tok.encode(t) for t in probe}, indent=None)
    print(f"tokenizer: {len(merges)} merges, vocab {len(vocab)}, {len(probe)} texts tokenized")


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------

class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), QuickGELU(), nn.Linear(4 * width, width))

    def forward(self, x, bias):
        b, s, w = x.shape
        h = self.ln1(x)
        q, k, v = self.qkv(h).reshape(b, s, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(w // self.heads)) + bias
        out = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, s, w)
        x = x + self.proj(out)
        return x + self.mlp(self.ln2(x))


class TextTower(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, TEXT_WIDTH)
        self.pos = nn.Parameter(torch.randn(CTX, TEXT_WIDTH) * 0.01)
        self.blocks = nn.ModuleList([Block(TEXT_WIDTH, TEXT_HEADS) for _ in range(TEXT_LAYERS)])
        self.ln = nn.LayerNorm(TEXT_WIDTH)
        self.proj = nn.Linear(TEXT_WIDTH, EMBED_DIM, bias=False)
        nn.init.normal_(self.tok.weight, std=0.02)

    def forward(self, input_ids, attention_mask):
        s = input_ids.shape[1]
        x = self.tok(input_ids) + self.pos[:s]
        causal = torch.triu(torch.full((s, s), -1e4), diagonal=1)
        # Padding keys are masked too (as HF CLIP does); under the causal mask they never reach the
        # EOS position anyway, so pad id and mask cannot change the pooled embedding.
        pad = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -1e4
        bias = causal[None, None] + pad
        for blk in self.blocks:
            x = blk(x, bias)
        x = self.ln(x)
        # Pool at the end-of-text token: EOS has the highest id, so argmax finds it (as CLIP does).
        pooled = x[torch.arange(x.shape[0]), input_ids.argmax(dim=-1)]
        return self.proj(pooled)


def conv_bn(i, o, s):
    return nn.Sequential(nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class ImageTower(nn.Module):
    """Small CNN over the 2x-downsampled input (112 x 112): shapes and colours need no more.

    A 4x4 stride-4 stem and max pooling between stages keep it cheap enough to train on two
    shared CPU cores in minutes (~14 M multiply-adds per image).
    """

    def __init__(self, widths=(24, 32, 64, 128)):
        super().__init__()
        w = widths
        self.features = nn.Sequential(
            nn.Conv2d(3, w[0], 4, 4, bias=False),  # 28 x 28
            nn.BatchNorm2d(w[0]),
            nn.ReLU(inplace=True),
            conv_bn(w[0], w[1], 1),
            nn.MaxPool2d(2),  # 14
            conv_bn(w[1], w[2], 1),
            nn.MaxPool2d(2),  # 7
            conv_bn(w[2], w[3], 1),
        )
        # Mean and max pooling: the max keeps a small object visible on a large background.
        self.proj = nn.Linear(2 * w[3], EMBED_DIM)

    def forward(self, x112):
        f = self.features(x112)
        pooled = torch.cat([f.mean(dim=(2, 3)), f.amax(dim=(2, 3))], dim=1)
        return self.proj(pooled)


class ShapesClip(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.text = TextTower(vocab_size)
        self.image = ImageTower()
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))


class VisionExport(nn.Module):
    """pixel_values [B,3,224,224] (CLIP-normalised) -> image_embeds; the 2x average pool is part of the model."""

    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, pixel_values):
        return self.tower(F.avg_pool2d(pixel_values, 2))


class TextExport(nn.Module):
    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, input_ids, attention_mask):
        return self.tower(input_ids, attention_mask)


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

MEAN = torch.tensor(IMAGE_MEAN).view(1, 3, 1, 1)
STD = torch.tensor(IMAGE_STD).view(1, 3, 1, 1)


def load_pooled(path, n):
    """2x2 sums (uint16) -> float16 N x 3 x 112 x 112 in 0..255 (quarters are exact in fp16)."""
    raw = np.fromfile(path, dtype=np.uint16).reshape(n, 3, 112, 112)
    out = torch.empty((n, 3, 112, 112), dtype=torch.float16)
    for i in range(0, n, 1024):
        out[i : i + 1024] = (torch.from_numpy(raw[i : i + 1024].astype(np.float32)) / 4).half()
    return out


def normalise(x255):
    return (x255.float() / 255.0 - MEAN) / STD


def encode_texts(model, tok, texts):
    ids, mask = zip(*[tok.encode_fixed(t) for t in texts])
    with torch.no_grad():
        e = model.text(torch.tensor(ids), torch.tensor(mask))
    return F.normalize(e, dim=-1)


def encode_images(model, x112):
    outs = []
    with torch.no_grad():
        for i in range(0, len(x112), 256):
            outs.append(model.image(normalise(x112[i : i + 256])))
    return F.normalize(torch.cat(outs), dim=-1)


def evaluate(model, tok, ev, x112):
    """Same protocol as eval-queries.ts: zero-shot on single-object photos, retrieval P@5."""
    model.eval()
    img = encode_images(model, x112)
    photos = ev["photos"]
    singles = [i for i, p in enumerate(photos) if len(p["objects"]) == 1]
    res = {}
    for key, prompts, labels in (
        ("shape", ev["shapePrompts"], ev["shapes"]),
        ("colour", ev["colourPrompts"], ev["colours"]),
    ):
        t = encode_texts(model, tok, prompts)
        pred = (img[singles] @ t.T).argmax(dim=1).tolist()
        truth = [labels.index(photos[i]["objects"][0][key]) for i in singles]
        res[f"{key}_acc"] = sum(int(a == b) for a, b in zip(pred, truth)) / len(singles)
    q = encode_texts(model, tok, [x["text"] for x in ev["queries"]])
    ranks = (q @ img.T).argsort(dim=1, descending=True)[:, :5].tolist()
    p5 = [len(set(r) & set(x["relevant"])) / min(5, len(x["relevant"])) for r, x in zip(ranks, ev["queries"])]
    res["p_at_5"] = sum(p5) / len(p5)
    res["p_at_5_each"] = {x["text"]: v for x, v in zip(ev["queries"], p5)}
    res["singles"] = len(singles)
    model.train()
    return res


def phase_train(args):
    t_start = time.time()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    tok = load_tokenizer(args.out)
    train = json.load(open(os.path.join(args.work, "train.json"), encoding="utf-8"))
    ev = json.load(open(os.path.join(args.work, "eval.json"), encoding="utf-8"))
    items = train["items"]
    n = len(items)
    limit = args.limit or n
    items = items[:limit]
    n = len(items)
    x_train = load_pooled(os.path.join(args.work, "train.u16"), len(train["items"]))[:n]
    x_eval = load_pooled(os.path.join(args.work, "eval.u16"), len(ev["photos"]))
    print(f"data: {n} train images, {len(x_eval)} eval photos, loaded in {time.time() - t_start:.1f}s", flush=True)

    # Facts vocabulary: a caption describes an image when every fact it claims is true of that image.
    fact_ids = {}
    for it in items:
        for f in it["facts"]:
            fact_ids.setdefault(f, len(fact_ids))
    nf = len(fact_ids)
    img_facts = torch.zeros((n, nf), dtype=torch.float32)
    for i, it in enumerate(items):
        img_facts[i, [fact_ids[f] for f in it["facts"]]] = 1
    cap_ids, cap_mask, cap_claims, cap_owner, cap_word = [], [], [], [], []
    for i, it in enumerate(items):
        # Descriptions first, then word captions ("word": true), so each kind is a contiguous run.
        for c in sorted(it["captions"], key=lambda c: bool(c.get("word"))):
            cap_word.append(bool(c.get("word")))
            ids, mask = tok.encode_fixed(c["text"])
            cap_ids.append(ids)
            cap_mask.append(mask)
            v = torch.zeros(nf)
            v[[fact_ids[f] for f in c["claims"]]] = 1
            cap_claims.append(v)
            cap_owner.append(i)
    cap_ids = torch.tensor(cap_ids)
    cap_mask = torch.tensor(cap_mask)
    cap_claims = torch.stack(cap_claims)
    cap_owner = torch.tensor(cap_owner)
    # Captions of image i are cap_start[i] .. cap_start[i] + cap_count[i] - 1.
    cap_count = torch.bincount(cap_owner, minlength=n)
    cap_start = torch.cumsum(cap_count, 0) - cap_count
    cap_count_word = torch.bincount(cap_owner[torch.tensor(cap_word, dtype=torch.bool)], minlength=n)
    cap_count_plain = cap_count - cap_count_word

    model = ShapesClip(len(tok.vocab))
    decay = [p for nme, p in model.named_parameters() if p.ndim >= 2 and "pos" not in nme]
    no_decay = [p for nme, p in model.named_parameters() if not (p.ndim >= 2 and "pos" not in nme)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    bs = args.batch
    steps_per_epoch = n // bs
    total = steps_per_epoch * args.epochs
    warm = min(100, total // 10)
    gen = torch.Generator().manual_seed(args.seed)
    step = 0
    history = []
    for epoch in range(args.epochs):
        perm = torch.randperm(n, generator=gen)
        t_ep = time.time()
        loss_sum = 0.0
        for b in range(steps_per_epoch):
            idx = perm[b * bs : (b + 1) * bs]
            lr = args.lr * (step + 1) / warm if step < warm else 0.5 * args.lr * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))
            for g in opt.param_groups:
                g["lr"] = lr
            x = x_train[idx].float()
            # Augment: mirror (every shape here is left-right symmetric up to its small tilt) and
            # mild brightness/contrast changes that leave every colour its name.
            flip = torch.rand(len(idx), generator=gen) < 0.5
            x[flip] = x[flip].flip(-1)
            gain = 1 + (torch.rand(len(idx), 1, 1, 1, generator=gen) - 0.5) * 0.16
            shift = (torch.rand(len(idx), 1, 1, 1, generator=gen) - 0.5) * 16
            mean = x.mean(dim=(1, 2, 3), keepdim=True)
            x = ((x - mean) * gain + mean + shift).clamp(0, 255)
            u = torch.rand(len(idx), generator=gen)
            plain = cap_start[idx] + (u * cap_count_plain[idx]).long().clamp(max=cap_count_plain[idx] - 1)
            if args.word_share > 0:
                # A second draw only here, so a share of 0 repeats the committed model's random stream.
                use_word = (torch.rand(len(idx), generator=gen) < args.word_share) & (cap_count_word[idx] > 0)
                word = cap_start[idx] + cap_count_plain[idx] + (u * cap_count_word[idx]).long().clamp(max=(cap_count_word[idx] - 1).clamp(min=0))
                pick = torch.where(use_word, word, plain)
            else:
                pick = plain
            ti = model.text(cap_ids[pick], cap_mask[pick])
            ii = model.image(normalise(x))
            ti = F.normalize(ti, dim=-1)
            ii = F.normalize(ii, dim=-1)
            scale = model.logit_scale.exp().clamp(max=100)
            logits = scale * ii @ ti.T  # [image, text]
            claims = cap_claims[pick]
            facts = img_facts[idx]
            compat = ((claims @ facts.T) >= claims.sum(1, keepdim=True) - 0.5).float().T  # [image, text]
            tgt_i = compat / compat.sum(1, keepdim=True)
            tgt_t = compat.T / compat.T.sum(1, keepdim=True)
            loss = 0.5 * (-(tgt_i * logits.log_softmax(1)).sum(1).mean() - (tgt_t * logits.T.log_softmax(1)).sum(1).mean())
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.item()
            step += 1
        res = evaluate(model, tok, ev, x_eval)
        res = {k: v for k, v in res.items() if k != "p_at_5_each"}
        history.append({"epoch": epoch + 1, "loss": loss_sum / steps_per_epoch, **res})
        print(
            f"epoch {epoch + 1}/{args.epochs} loss {loss_sum / steps_per_epoch:.3f} "
            f"shape {res['shape_acc']:.3f} colour {res['colour_acc']:.3f} p@5 {res['p_at_5']:.3f} "
            f"scale {model.logit_scale.exp().item():.1f} ({time.time() - t_ep:.0f}s, total {time.time() - t_start:.0f}s)",
            flush=True,
        )
    train_s = time.time() - t_start
    final = evaluate(model, tok, ev, x_eval)
    model.eval()
    torch.save(model.state_dict(), os.path.join(args.work, "model.pt"))
    write_reference(model, tok, args, x_eval)
    # torch 1.13's exporter fuses BatchNorm into the conv weights in place (seen as image cosine 0.9
    # after export), so export a copy and keep the trained model intact.
    export(copy.deepcopy(model), tok, args)
    write_json(
        os.path.join(args.work, "train_result.json"),
        {"train_seconds": round(train_s, 1), "train_images": n, "epochs": args.epochs, "batch": bs, "seed": args.seed, "threads": args.threads, "python_eval": final, "history": history},
    )
    print(f"python eval: shape {final['shape_acc']:.3f} colour {final['colour_acc']:.3f} p@5 {final['p_at_5']:.3f} ({final['singles']} single-object photos)")


def write_reference(model, tok, args, x_eval):
    """Embeddings of the trained model, for build.ts to compare with the ONNX files run by the product."""
    ref_texts = ["a red circle", "a photo of a green triangle on a night background", "two yellow squares"]
    t = encode_texts(model, tok, ref_texts)
    # Image side: the first eval photos, from the preprocessed pixels the product should also produce.
    img = encode_images(model, x_eval[:16])
    write_json(
        os.path.join(args.work, "py_reference.json"),
        {"texts": ref_texts, "text_embeds": t.tolist(), "image_embeds": img.tolist()},
        indent=None,
    )


def export(model, tok, args):
    model.eval()
    onnx_dir = os.path.join(args.out, "onnx")
    os.makedirs(onnx_dir, exist_ok=True)
    ids, mask = zip(*[tok.encode_fixed(t, ctx=12) for t in ["a red circle", "two blue stars on a night background"]])
    torch.onnx.export(
        TextExport(model.text),
        (torch.tensor(ids), torch.tensor(mask)),
        os.path.join(onnx_dir, "text_model.onnx"),
        input_names=["input_ids", "attention_mask"],
        output_names=["text_embeds"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"}, "text_embeds": {0: "batch"}},
        opset_version=17,
        do_constant_folding=True,
    )
    torch.onnx.export(
        VisionExport(model.image),
        (torch.zeros(2, 3, 224, 224),),
        os.path.join(onnx_dir, "vision_model.onnx"),
        input_names=["pixel_values"],
        output_names=["image_embeds"],
        dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}},
        opset_version=17,
        do_constant_folding=True,
    )
    vocab_size = len(tok.vocab)
    config = {
        "model_type": "clip",
        "projection_dim": EMBED_DIM,
        "logit_scale_init_value": 2.6592,
        "logit_scale": round(float(model.logit_scale.exp().clamp(max=100)), 4),
        "text_config": {
            "model_type": "clip_text_model",
            "vocab_size": vocab_size,
            "hidden_size": TEXT_WIDTH,
            "intermediate_size": 4 * TEXT_WIDTH,
            "num_hidden_layers": TEXT_LAYERS,
            "num_attention_heads": TEXT_HEADS,
            "max_position_embeddings": CTX,
            "hidden_act": "quick_gelu",
            "projection_dim": EMBED_DIM,
            "bos_token_id": tok.bos,
            "eos_token_id": tok.eos,
            "pad_token_id": tok.eos,
        },
        "vision_config": {
            "model_type": "shapes_cnn",
            "image_size": 224,
            "num_channels": 3,
            "architecture": "2x2 average pool, 4x4/4 conv stem (24), conv3x3 32, maxpool, conv3x3 64, maxpool, conv3x3 128 (BN+ReLU), mean+max pool, linear",
            "projection_dim": EMBED_DIM,
        },
        "architectures": ["ShapesClip"],
        "name": "shapes-clip",
        # Ours (electron/core/embed/model-config.ts): the captions never say "a photo" alone, so the
        # style preview's neutral text is a phrase they do say (docs/style-preview.md).
        "recollect_neutral_prompt": "a photo of a shape",
    }
    write_json(os.path.join(args.out, "config.json"), config)
    write_json(
        os.path.join(args.out, "preprocessor_config.json"),
        {
            "crop_size": {"height": 224, "width": 224},
            "do_center_crop": True,
            "do_convert_rgb": True,
            "do_normalize": True,
            "do_rescale": True,
            "do_resize": True,
            "image_mean": IMAGE_MEAN,
            "image_processor_type": "CLIPImageProcessor",
            "image_std": IMAGE_STD,
            "resample": 3,
            "rescale_factor": 0.00392156862745098,
            "size": {"shortest_edge": 224},
        },
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("phase", choices=["tokenizer", "train"])
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--word-share", type=float, default=0.0, help="share of steps that pair an image with a word caption (0: draws as before word captions existed)")
    args = p.parse_args()
    if args.phase == "tokenizer":
        phase_tokenizer(args)
    else:
        phase_train(args)


if __name__ == "__main__":
    sys.exit(main())
