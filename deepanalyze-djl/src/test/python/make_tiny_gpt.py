#!/usr/bin/env python3
"""Builds the tiny causal LM that OnnxLanguageModelTest runs (random weights, no training).

Writes into the given directory (default: ../resources/tiny-gpt):
  model.onnx        ONNX export with the I/O of an Optimum `text-generation-with-past` decoder
                    (Llama/Qwen style): inputs input_ids, attention_mask, position_ids,
                    past_key_values.{i}.key/value -> outputs logits, present.{i}.key/value.
                    The first call passes a past of length 0.
  merged/           the same weights exported like an older Optimum "merged" decoder: inputs
                    input_ids, attention_mask, use_cache_branch, past_key_values.* (no
                    position_ids; a one-step dummy past with use_cache_branch=false first).
  tokenizer.json    byte-level BPE (no merges) over the 256 bytes, plus DeepSeek-R1 control
                    tokens (special) and DeepAnalyze's ten action tags (ordinary added tokens).
  config.json       the few config.json fields OnnxLanguageModel reads (as Optimum copies them).
  reference.json    the prompt ids and the greedy continuation computed here with PyTorch.

Needs only Debian's python3-torch (1.13) and python3-onnx:
  apt-get install -y --no-install-recommends python3-torch python3-onnx python3-numpy
  /usr/bin/python3 make_tiny_gpt.py
The outputs are committed, so the Java build never needs Python.
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn

SPECIALS = ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>"]
TAGS = [f"<{p}{t}>" for t in ["Analyze", "Understand", "Code", "Execute", "Answer"] for p in ["", "/"]]
VOCAB = 256 + len(SPECIALS) + len(TAGS)
DIM, HEADS, LAYERS, POSITIONS = 64, 4, 2, 1024
HEAD_DIM = DIM // HEADS
BOS, EOS, USER, ASSISTANT = 256, 257, 258, 259


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(DIM)
        self.q = nn.Linear(DIM, DIM)
        self.k = nn.Linear(DIM, DIM)
        self.v = nn.Linear(DIM, DIM)
        self.o = nn.Linear(DIM, DIM)
        self.norm2 = nn.LayerNorm(DIM)
        self.up = nn.Linear(DIM, 4 * DIM)
        self.down = nn.Linear(4 * DIM, DIM)

    def heads(self, x):
        b, s, _ = x.shape
        return x.view(b, s, HEADS, HEAD_DIM).transpose(1, 2)  # [b, heads, s, head_dim]

    def forward(self, x, past_k, past_v, bias):
        h = self.norm1(x)
        k = torch.cat([past_k, self.heads(self.k(h))], dim=2)
        v = torch.cat([past_v, self.heads(self.v(h))], dim=2)
        scores = self.heads(self.q(h)) @ k.transpose(2, 3) / math.sqrt(HEAD_DIM) + bias
        y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(x.shape)
        x = x + self.o(y)
        x = x + self.down(torch.nn.functional.gelu(self.up(self.norm2(x))))
        return x, k, v


class TinyGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, DIM)
        self.positions = nn.Embedding(POSITIONS, DIM)
        self.layers = nn.ModuleList([Layer() for _ in range(LAYERS)])
        self.norm = nn.LayerNorm(DIM)
        self.head = nn.Linear(DIM, VOCAB)

    def forward(self, input_ids, attention_mask, position_ids, *past):
        s = input_ids.shape[1]
        p = past[0].shape[2]
        x = self.tokens(input_ids) + self.positions(position_ids)
        causal = torch.ones(s, p + s, dtype=torch.bool).tril(p)  # query i sees the past and keys <= i
        keep = causal[None, None] & (attention_mask[:, None, None, :] > 0)
        bias = torch.zeros(keep.shape).masked_fill(~keep, -1e9)
        present = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, past[2 * i], past[2 * i + 1], bias)
            present += [k, v]
        return (self.head(self.norm(x)), *present)


class MergedDecoder(nn.Module):
    """Older Optimum merged-decoder I/O: use_cache_branch=false ignores the (dummy) past; positions come from the mask."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, use_cache_branch, *past):
        keep = past[0].shape[2] * use_cache_branch.to(torch.long)[0]
        past = [p[:, :, :keep] for p in past]
        position_ids = (attention_mask.cumsum(-1) - 1)[:, -input_ids.shape[1]:]
        return self.model(input_ids, attention_mask, position_ids, *past)


def empty_past(length=0):
    return [torch.zeros(1, HEADS, length, HEAD_DIM) for _ in range(2 * LAYERS)]


def greedy_with_cache(model, prompt, steps):
    ids, out, past = torch.tensor([prompt]), [], empty_past()
    total = len(prompt)
    for _ in range(steps):
        start = total - ids.shape[1]
        logits, *past = model(ids, torch.ones(1, total, dtype=torch.long), torch.arange(start, total)[None], *past)
        nxt = int(logits[0, -1].argmax())
        out.append(nxt)
        ids, total = torch.tensor([[nxt]]), total + 1
    return out


def greedy_without_cache(model, prompt, steps):
    ids = list(prompt)
    for _ in range(steps):
        logits, *_ = model(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long), torch.arange(len(ids))[None], *empty_past())
        ids.append(int(logits[0, -1].argmax()))
    return ids[len(prompt):]


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character map used by ByteLevel BPE."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def tokenizer_json():
    chars = bytes_to_unicode()
    added = [{"id": 256 + i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": i < len(SPECIALS)} for i, t in enumerate(SPECIALS + TAGS)]
    level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": True}
    return {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
            "pre_tokenizer": level, "post_processor": None, "decoder": level,
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                      "vocab": {chars[b]: b for b in range(256)}, "merges": []}}


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "resources", "tiny-gpt")
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(20251125)
    model = TinyGpt().eval()
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0, 0.4)
        # lean towards printable ASCII and newlines so continuations are readable text
        model.head.bias[32:127] += 2.0
        model.head.bias[10] += 2.0

        prompt = [BOS, USER] + list("Hello".encode()) + [ASSISTANT]
        steps = 64
        cached = greedy_with_cache(model, prompt, steps)
        uncached = greedy_without_cache(model, prompt, steps)
        assert cached == uncached, (cached, uncached)

        names_in = ["input_ids", "attention_mask", "position_ids"] + \
                   [f"past_key_values.{i}.{kv}" for i in range(LAYERS) for kv in ("key", "value")]
        names_out = ["logits"] + [f"present.{i}.{kv}" for i in range(LAYERS) for kv in ("key", "value")]
        axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "total"},
                "position_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}}
        for n in names_in[3:]:
            axes[n] = {0: "batch", 2: "past"}
        for n in names_out[1:]:
            axes[n] = {0: "batch", 2: "total"}
        sample = (torch.tensor([[1, 2]]), torch.ones(1, 5, dtype=torch.long), torch.tensor([[3, 4]]), *empty_past(3))
        torch.onnx.export(model, sample, os.path.join(out_dir, "model.onnx"), input_names=names_in,
                          output_names=names_out, dynamic_axes=axes, opset_version=14)

        merged_dir = os.path.join(out_dir, "merged")
        os.makedirs(merged_dir, exist_ok=True)
        merged_in = ["input_ids", "attention_mask", "use_cache_branch"] + names_in[3:]
        merged_axes = {k: v for k, v in axes.items() if k != "position_ids"}
        merged_sample = (torch.tensor([[1, 2]]), torch.ones(1, 5, dtype=torch.long), torch.tensor([True]), *empty_past(3))
        torch.onnx.export(MergedDecoder(model), merged_sample, os.path.join(merged_dir, "model.onnx"),
                          input_names=merged_in, output_names=names_out, dynamic_axes=merged_axes, opset_version=14)

    for d in (out_dir, merged_dir):
        with open(os.path.join(d, "tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(tokenizer_json(), f, ensure_ascii=False)
    for d in (out_dir, merged_dir):
        with open(os.path.join(d, "config.json"), "w", encoding="utf-8") as f:
          json.dump({"model_type": "tiny-gpt", "vocab_size": VOCAB, "num_hidden_layers": LAYERS,
                     "num_attention_heads": HEADS, "hidden_size": DIM, "max_position_embeddings": POSITIONS,
                     "bos_token_id": BOS, "eos_token_id": EOS}, f, indent=1)
    with open(os.path.join(out_dir, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"torch": torch.__version__, "parameters": sum(p.numel() for p in model.parameters()),
                   "prompt_text": "<｜begin▁of▁sentence｜><｜User｜>Hello<｜Assistant｜>",
                   "prompt_ids": prompt, "greedy_ids": cached,
                   "greedy_text": bytes([t for t in cached if t < 256]).decode("utf-8", "replace")},
                  f, ensure_ascii=False, indent=1)
    print("parameters", sum(p.numel() for p in model.parameters()), "greedy", cached)
    print(repr(bytes([t for t in cached if t < 256]).decode("utf-8", "replace")))


if __name__ == "__main__":
    main()
