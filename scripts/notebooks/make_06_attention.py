"""Writes examples/06-attention.ipynb (run: .venv/bin/python scripts/notebooks/make_06_attention.py)."""
from nbformat.v4 import new_code_cell, new_markdown_cell

from _write import write

cells = [
    new_markdown_cell(
        "# Attention heads\n\n"
        "`nl.AttentionView(attentions, tokens)` shows every head of every layer: the **head view** (tokens on both "
        "sides, a line per weight, one colour per head — hover or click a token to follow it), the **model view** "
        "(layers × heads thumbnails; click one to open it), a **matrix** per head, the **neuron view** (query and key "
        "vectors and their product), **head similarity** (Jensen–Shannon distance between heads, clustered) and "
        "**attention rollout** (Abnar & Zuidema, 2020). `attentions` is what transformers returns with "
        "`output_attentions=True`; or pass `model=` and `inputs=` and netlens collects attention, queries and keys "
        "in the kernel. Everything is drawn on canvas, so 12 layers × 12 heads at 512 tokens stay responsive."
    ),
    new_code_cell(
        "import numpy as np\n"
        "import torch\n"
        "import torch.nn as nn\n\n"
        "import netlens as nl\n\n"
        "torch.manual_seed(0)\n"
        "VOCAB, T, D = 20, 12, 32\n\n\n"
        "class TinyEncoder(nn.Module):\n"
        "    \"\"\"Token + position embeddings, a 2-layer transformer encoder, a per-token classifier.\"\"\"\n\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.tok = nn.Embedding(VOCAB, D)\n"
        "        self.pos = nn.Parameter(0.1 * torch.randn(T, D))\n"
        "        layer = nn.TransformerEncoderLayer(D, 4, 64, dropout=0.0, batch_first=True)\n"
        "        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)\n"
        "        self.out = nn.Linear(D, VOCAB)\n\n"
        "    def forward(self, ids):\n"
        "        return self.out(self.encoder(self.tok(ids) + self.pos))\n\n\n"
        "# Task: at each position, name the token one step back: some head has to learn to look there.\n"
        "model = TinyEncoder()\n"
        "opt = torch.optim.Adam(model.parameters(), lr=3e-3)\n"
        "for step in range(300):\n"
        "    ids = torch.randint(1, VOCAB, (64, T))\n"
        "    target = torch.roll(ids, 1, dims=1)\n"
        "    loss = nn.functional.cross_entropy(model(ids).reshape(-1, VOCAB), target.reshape(-1))\n"
        "    opt.zero_grad(); loss.backward(); opt.step()\n"
        "model.eval()\n"
        "print(f\"training loss {loss.item():.3f}\")"
    ),
    new_markdown_cell(
        "## A model, collected in the kernel\n\n"
        "Token strings are untrusted: they are drawn as text, so the `<img …>` token below shows as it is."
    ),
    new_code_cell(
        "words = [\"the\", \"cat\", \"<img src=x onerror=alert(1)>\", \"sat\", \"on\", \"the\", \"mat\", \"and\", \"the\", \"dog\", \"ran\", \"off\"]\n"
        "vocab = {w: i + 1 for i, w in enumerate(dict.fromkeys(words))}  # word → id, in order of appearance\n"
        "ids = torch.tensor([[vocab[w] for w in words]])\n"
        "heads = nl.AttentionView(model=model, inputs=ids, tokens=words, title=\"tiny encoder · head view\")\n"
        "heads"
    ),
    new_markdown_cell(
        "Back in Python: the rollout and head distances the browser computed (TensorFlow.js), next to netlens' numpy "
        "reference on the same attention. Run this cell after the view has drawn."
    ),
    new_code_cell(
        "captured = nl.attention.capture_attention(model, ids)\n"
        "if heads.rollout is None:\n"
        "    print(\"the browser has not sent its results yet: run this cell again\")\n"
        "else:\n"
        "    err = np.abs(heads.rollout - nl.attention.rollout(captured.attention)).max()\n"
        "    print(f\"rollout: browser vs numpy, max abs difference {err:.1e}\")\n"
        "    print(\"layer 0 heads in clustering order:\", heads.head_order[0].tolist())"
    ),
    new_markdown_cell(
        "## Real lengths: 12 layers × 12 heads × 512 tokens\n\n"
        "Synthetic attention at BERT-base size (151 MB as float32; sent as float16 here), opened in the model view."
    ),
    new_code_cell(
        "rng = np.random.default_rng(0)\n"
        "L, H, N = 12, 12, 512\n"
        "scores = rng.normal(0, 3, (L, H, N, N)).astype(np.float32)\n"
        "for h in range(H):  # a few recognisable patterns: previous token, first token, diagonal bands\n"
        "    scores[:, h] += 8 * np.eye(N, k=-(h % 4), dtype=np.float32)\n"
        "scores[:, :, :, 0] += 4\n"
        "att = np.exp(scores - scores.max(-1, keepdims=True))\n"
        "att /= att.sum(-1, keepdims=True)\n"
        "del scores\n"
        "big = nl.AttentionView(att, [f\"t{i}\" for i in range(N)], view=\"model\", float16=True, title=\"12 × 12 heads · 512 tokens\")\n"
        "big"
    ),
]

write(cells, "06-attention.ipynb")
