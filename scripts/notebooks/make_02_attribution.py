"""Writes examples/02-attribution.ipynb (run: .venv/bin/python scripts/notebooks/make_02_attribution.py)."""
from nbformat.v4 import new_code_cell, new_markdown_cell

from _write import write

cells = [
    new_markdown_cell(
        "# Attribution: which pixels (or tokens) made the model say that?\n\n"
        "`nl.Attribution(model, inputs, ...)` runs Captum's method family — saliency, integrated gradients, "
        "SmoothGrad, Grad-CAM, guided backprop, DeepLIFT, LRP, occlusion — **in the browser** on your own PyTorch "
        "model (TensorFlow.js, WebGPU when it can), and draws the maps over the inputs. Change the target or a "
        "method's parameters and it recomputes right there; the maps come back to Python as numpy arrays.\n\n"
        "First, a small CNN trained for a few seconds to tell squares, discs and crosses apart:"
    ),
    new_code_cell(
        "import numpy as np\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "import torch.nn.functional as F\n\n"
        "import netlens as nl\n\n"
        "CLASSES = [\"square\", \"disc\", \"cross\"]\n\n\n"
        "def shapes(n, seed):\n"
        "    \"\"\"n noisy 32×32 RGB images, each with one shape of a random colour at a random place.\"\"\"\n"
        "    g = torch.Generator().manual_seed(seed)\n"
        "    x = torch.rand(n, 3, 32, 32, generator=g) * 0.3\n"
        "    y = torch.randint(0, 3, (n,), generator=g)\n"
        "    yy, xx = torch.meshgrid(torch.arange(32), torch.arange(32), indexing=\"ij\")\n"
        "    for i in range(n):\n"
        "        cx, cy = torch.randint(8, 24, (2,), generator=g).tolist()\n"
        "        dx, dy = (xx - cx).abs(), (yy - cy).abs()\n"
        "        mask = [(dx <= 5) & (dy <= 5), dx**2 + dy**2 <= 30, ((dx <= 1) & (dy <= 6)) | ((dy <= 1) & (dx <= 6))][y[i]]\n"
        "        x[i][:, mask] = (torch.rand(3, generator=g) * 0.5 + 0.5)[:, None]\n"
        "    return x, y\n\n\n"
        "class ShapeNet(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.features = nn.Sequential(\n"
        "            nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),\n"
        "            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),\n"
        "            nn.Conv2d(32, 32, 3, padding=1), nn.ReLU())\n"
        "        self.head = nn.Linear(32, 3)\n\n"
        "    def forward(self, x):\n"
        "        return self.head(F.adaptive_avg_pool2d(self.features(x), 1).flatten(1))\n\n\n"
        "def train(model, steps=150, seed=0):\n"
        "    torch.manual_seed(seed)\n"
        "    opt = torch.optim.Adam(model.parameters(), lr=3e-3)\n"
        "    x, y = shapes(steps * 32, seed)\n"
        "    model.train()\n"
        "    for i in range(steps):\n"
        "        loss = F.cross_entropy(model(x[i * 32:(i + 1) * 32]), y[i * 32:(i + 1) * 32])\n"
        "        opt.zero_grad(); loss.backward(); opt.step()\n"
        "    return model.eval()\n\n\n"
        "model = train(ShapeNet())\n"
        "images, labels = shapes(12, seed=1234)\n"
        "with torch.no_grad():\n"
        "    accuracy = (model(shapes(500, 99)[0]).argmax(1) == shapes(500, 99)[1]).float().mean().item()\n"
        "print(f\"test accuracy {accuracy:.0%}\")"
    ),
    new_markdown_cell(
        "Eight methods on twelve images, each map laid over its image (red: evidence for the class, blue: against). "
        "Integrated gradients, DeepLIFT and LRP show their completeness check under the map (Σ attributions against "
        "f(x) − f(baseline)). Browse the examples, pick a target class, drag the opacity — it all recomputes in the "
        "browser. The `…` menus save PNG or SVG."
    ),
    new_code_cell(
        "w = nl.Attribution(\n"
        "    model, images,\n"
        "    methods=[\"saliency\", {\"method\": \"integrated_gradients\", \"params\": {\"n_steps\": 32}}, \"smoothgrad\",\n"
        "             \"grad_cam\", \"guided_backprop\", \"deeplift\", \"lrp\", \"occlusion\"],\n"
        "    labels=CLASSES, true_labels=labels, rows=2)\n"
        "w"
    ),
    new_markdown_cell("Explain class 2 (\"cross\") for every image instead of the predicted class — the browser recomputes:"),
    new_code_cell("w.target = 2"),
    new_markdown_cell(
        "The maps come back to Python as numpy arrays (after the browser finishes, so run this once the view says "
        "*done*). Here they are checked against Captum on the same model:"
    ),
    new_code_cell(
        "from captum.attr import IntegratedGradients\n\n"
        "ours = w.attributions.get(\"integrated_gradients\")\n"
        "if ours is None:\n"
        "    print(\"no browser result yet: run this cell again once the view says done\")\n"
        "else:\n"
        "    ref = IntegratedGradients(model).attribute(images, target=2, n_steps=32).numpy()\n"
        "    err = np.abs(ours - ref).max() / np.abs(ref).max()\n"
        "    print(f\"integrated gradients, browser ({w.backend}) vs Captum: max relative error {err:.1e}\")\n"
        "    print(\"completeness deltas:\", np.round(w.deltas[\"integrated_gradients\"], 4))"
    ),
    new_markdown_cell(
        "Sanity check (Adebayo et al. 2018): re-initialize the layers from the output down and watch the map. "
        "A method that explains the model should lose its picture as the model loses its weights; "
        "the *Randomization check* tab shows the maps and their rank correlation with the original."
    ),
    new_code_cell("w.randomization_check(\"integrated_gradients\", index=0)"),
    new_markdown_cell(
        "Two models side by side on the same inputs, with synchronized browsing — here the trained network and a barely "
        "trained one. The *Sample suggestion* tab plots each input by mean confidence against how many different "
        "classes the models predict: click a point to look at that input."
    ),
    new_code_cell(
        "rookie = train(ShapeNet(), steps=8, seed=1)\n"
        "both = nl.Attribution({\"trained\": model, \"8 steps\": rookie}, images,\n"
        "                      methods=[\"integrated_gradients\", \"grad_cam\"], labels=CLASSES, true_labels=labels)\n"
        "both"
    ),
    new_markdown_cell(
        "Text works the same way: token ids go in, attributions land on the embedding layer, and the tokens are "
        "highlighted — as text, so a token such as `<b>` shows as those characters."
    ),
    new_code_cell(
        "WORDS = [\"the\", \"film\", \"was\", \"a\", \"plot\", \"and\", \"actors\", \"<b>\", \"it\", \"really\"]\n"
        "GOOD, BAD = [\"great\", \"moving\", \"superb\"], [\"dull\", \"awful\", \"boring\"]\n"
        "VOCAB = [\"<pad>\"] + WORDS + GOOD + BAD\n\n\n"
        "def sentences(n, seed):\n"
        "    g = torch.Generator().manual_seed(seed)\n"
        "    ids = torch.randint(1, len(WORDS) + 1, (n, 12), generator=g)\n"
        "    y = torch.randint(0, 2, (n,), generator=g)\n"
        "    for i in range(n):\n"
        "        pool = GOOD if y[i] == 1 else BAD\n"
        "        for _ in range(2):\n"
        "            ids[i, torch.randint(0, 12, (1,), generator=g)] = VOCAB.index(pool[torch.randint(0, 3, (1,), generator=g)])\n"
        "    return ids, y\n\n\n"
        "class TextNet(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.embedding = nn.Embedding(len(VOCAB), 16)\n"
        "        self.conv = nn.Conv1d(16, 32, 3, padding=1)\n"
        "        self.head = nn.Linear(32, 2)\n\n"
        "    def forward(self, ids):\n"
        "        h = F.relu(self.conv(self.embedding(ids).transpose(1, 2)))\n"
        "        return self.head(h.amax(dim=2))\n\n\n"
        "text_model = TextNet()\n"
        "opt = torch.optim.Adam(text_model.parameters(), lr=1e-2)\n"
        "ids, ys = sentences(3000, 0)\n"
        "for i in range(0, 3000, 50):\n"
        "    loss = F.cross_entropy(text_model(ids[i:i + 50]), ys[i:i + 50])\n"
        "    opt.zero_grad(); loss.backward(); opt.step()\n"
        "text_model.eval()\n\n"
        "ids, ys = sentences(4, 7)\n"
        "texts = nl.Attribution(text_model, ids, methods=[\"integrated_gradients\", \"occlusion\"],\n"
        "                       tokens=[[VOCAB[i] for i in row] for row in ids.tolist()], labels=[\"negative\", \"positive\"])\n"
        "texts"
    ),
]

write(cells, "02-attribution.ipynb")
