"""Writes examples/07-hidden-states.ipynb (run: .venv/bin/python scripts/notebooks/make_07_hidden_states.py)."""
from nbformat.v4 import new_code_cell, new_markdown_cell

from _write import write

cells = [
    new_markdown_cell(
        "# RNN hidden states\n\n"
        "`nl.HiddenStateView(states, tokens)` follows LSTMVis (Strobelt et al., 2018): each unit's activation over the "
        "text; **select** a range of tokens (brush it on the lines) and a threshold, and the units that are on across "
        "the whole range are picked; **match** then finds the other places in the corpus where the same units are on, "
        "ranked — click one to go there. The corpus stays in the kernel (here 1,000,000 tokens); the view pulls the "
        "window it shows."
    ),
    new_code_cell(
        "import time\n\n"
        "import numpy as np\n"
        "import torch\n"
        "import torch.nn as nn\n\n"
        "import netlens as nl\n\n"
        "torch.manual_seed(0)\n"
        "CHARS = \"()abcd\"\n\n\n"
        "def corpus(n, seed):\n"
        "    \"\"\"A bracket language (LSTMVis' classic): letters, and nested parentheses up to depth 4.\"\"\"\n"
        "    rng = np.random.default_rng(seed)\n"
        "    out, depth = [], 0\n"
        "    for _ in range(n):\n"
        "        r = rng.random()\n"
        "        if r < 0.15 and depth < 4:\n"
        "            out.append(\"(\"); depth += 1\n"
        "        elif r < 0.30 and depth > 0:\n"
        "            out.append(\")\"); depth -= 1\n"
        "        else:\n"
        "            out.append(\"abcd\"[rng.integers(4)])\n"
        "    return out\n\n\n"
        "def depths(tokens):\n"
        "    d, out = 0, []\n"
        "    for t in tokens:\n"
        "        d += t == \"(\"\n"
        "        out.append(d)\n"
        "        d -= t == \")\"\n"
        "    return out\n\n\n"
        "class CharLSTM(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.embed = nn.Embedding(len(CHARS), 8)\n"
        "        self.lstm = nn.LSTM(8, 24, batch_first=True)\n"
        "        self.out = nn.Linear(24, len(CHARS))\n\n"
        "    def forward(self, ids):\n"
        "        return self.out(self.lstm(self.embed(ids))[0])\n\n\n"
        "# Next-character prediction: to know when \")\" may come, the LSTM has to count the depth.\n"
        "model = CharLSTM()\n"
        "opt = torch.optim.Adam(model.parameters(), lr=1e-2)\n"
        "train = torch.tensor([CHARS.index(c) for c in corpus(64 * 101 * 8, 1)]).reshape(-1, 101)\n"
        "for step in range(300):\n"
        "    batch = train[torch.randint(0, len(train), (64,))]\n"
        "    loss = nn.functional.cross_entropy(model(batch[:, :-1]).reshape(-1, len(CHARS)), batch[:, 1:].reshape(-1))\n"
        "    opt.zero_grad(); loss.backward(); opt.step()\n"
        "model.eval()\n"
        "print(f\"training loss {loss.item():.3f}\")"
    ),
    new_markdown_cell("## A 1,000,000-token corpus through the LSTM, kept in the kernel"),
    new_code_cell(
        "tokens = corpus(1_000_000, 2)\n"
        "ids = torch.tensor([CHARS.index(c) for c in tokens]).reshape(1000, 1000)  # 1000 rows, run as one batch\n"
        "t0 = time.perf_counter()\n"
        "with torch.no_grad():\n"
        "    states = model.lstm(model.embed(ids))[0].reshape(-1, 24).numpy()\n"
        "print(f\"hidden states {states.shape} in {time.perf_counter() - t0:.1f} s\")\n\n"
        "view = nl.HiddenStateView(states, tokens, annotations={\"depth\": depths(tokens)}, window=100, threshold=0.3,\n"
        "                          title=\"char LSTM on brackets · 1M tokens\")\n"
        "view"
    ),
    new_markdown_cell(
        "Select in Python too: every setting is a trait. Here: the units on across the inside of a depth-2 bracket, "
        "and how long matching the whole corpus takes."
    ),
    new_code_cell(
        "d = np.array(depths(tokens[:100]))\n"
        "inside = np.flatnonzero(d >= 2)\n"
        "if len(inside):\n"
        "    t0 = time.perf_counter()\n"
        "    units = nl.hidden.select_units(states, int(inside[0]), int(inside[0]) + 3, threshold=0.3)\n"
        "    found = nl.hidden.match(states, units, threshold=0.3, length=3)\n"
        "    print(f\"units on: {units}; {len(found)} matches over 1M tokens in {1000 * (time.perf_counter() - t0):.0f} ms\")"
    ),
]

write(cells, "07-hidden-states.ipynb")
