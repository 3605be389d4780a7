"""Writes examples/04-loss-landscape.ipynb (run: .venv/bin/python scripts/notebooks/make_04_loss_landscape.py)."""
from nbformat.v4 import new_code_cell, new_markdown_cell

from _write import write

cells = [
    new_markdown_cell(
        "# Loss landscapes\n\n"
        "`nl.LossLandscape(model, data, targets)` slices a model's loss through parameter space (Li et al., 2018, "
        "*Visualizing the Loss Landscape of Neural Nets*): φ(α, β) = L(θ* + αδ + βη) on a grid, with random "
        "directions δ, η normalized filter by filter. The grid is computed in the browser with TensorFlow.js "
        "(WebGPU when it can), coarse first and then finer; when it is too heavy for a browser the kernel computes it "
        "with PyTorch, or a Dask cluster does, row by row, into the same view."
    ),
    new_code_cell(
        "import numpy as np\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "import torch.nn.functional as F\n\n"
        "import netlens as nl\n\n"
        "torch.manual_seed(0)\n\n\n"
        "def patterns(n, seed):\n"
        "    \"\"\"A small image task: 4 classes of oriented stripes on 12×12, with noise.\"\"\"\n"
        "    g = torch.Generator().manual_seed(seed)\n"
        "    y = torch.randint(0, 4, (n,), generator=g)\n"
        "    i, j = torch.meshgrid(torch.arange(12.0), torch.arange(12.0), indexing=\"ij\")\n"
        "    waves = torch.stack([torch.sin(i), torch.sin(j), torch.sin((i + j) / 1.4), torch.sin((i - j) / 1.4)])\n"
        "    x = waves[y].unsqueeze(1) + 2.0 * torch.randn(n, 1, 12, 12, generator=g)\n"
        "    return x, y\n\n\n"
        "class Net(nn.Module):\n"
        "    \"\"\"Two conv blocks, with or without a skip connection around the second.\"\"\"\n\n"
        "    def __init__(self, skip=True):\n"
        "        super().__init__()\n"
        "        self.skip = skip\n"
        "        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)\n"
        "        self.bn1 = nn.BatchNorm2d(8)\n"
        "        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)\n"
        "        self.bn2 = nn.BatchNorm2d(8)\n"
        "        self.head = nn.Linear(8 * 6 * 6, 4)\n\n"
        "    def forward(self, x):\n"
        "        h = F.relu(self.bn1(self.conv1(x)))\n"
        "        r = self.bn2(self.conv2(h))\n"
        "        h = F.relu(r + h if self.skip else r)\n"
        "        return self.head(F.max_pool2d(h, 2).flatten(1))\n\n\n"
        "def train(model, steps=60, checkpoints=None):\n"
        "    opt = torch.optim.Adam(model.parameters(), lr=0.01)\n"
        "    for step in range(steps):\n"
        "        xb, yb = patterns(64, seed=100 + step)\n"
        "        model.train()\n"
        "        opt.zero_grad()\n"
        "        F.cross_entropy(model(xb), yb).backward()\n"
        "        opt.step()\n"
        "        if checkpoints is not None and step % 5 == 4:\n"
        "            checkpoints.append({k: v.detach().clone() for k, v in model.state_dict().items()})\n"
        "    return model.eval()\n\n\n"
        "x, y = patterns(96, seed=1)  # the batch the loss is measured on\n"
        "initial = Net(skip=True).eval()\n"
        "net = Net(skip=True)\n"
        "net.load_state_dict(initial.state_dict())\n"
        "checkpoints = []\n"
        "train(net, checkpoints=checkpoints)\n"
        "plain = train(Net(skip=False))\n"
        "with torch.no_grad():\n"
        "    print(f\"accuracy on the batch: with skip {(net(x).argmax(1) == y).float().mean():.0%}, \"\n"
        "          f\"without {(plain(x).argmax(1) == y).float().mean():.0%}\")"
    ),
    new_markdown_cell(
        "A random plane through the trained weights, filter-normalized, biases and BatchNorm parameters left "
        "alone (`normalization=\"filter\", ignore=\"biasbn\"`, the paper's defaults). Drag the resolution or "
        "the range in the widget and it recomputes on the same directions; *new directions* draws others. "
        "Hover the map for α, β, loss and accuracy."
    ),
    new_code_cell("land = nl.LossLandscape(net, x, y, resolution=13, range=(-1, 1))\nland"),
    new_markdown_cell(
        "The grid comes back to Python (`land.grid`). Compute the same plane in the kernel with PyTorch and "
        "compare: `land.planes[0]` holds the directions the browser used."
    ),
    new_code_cell(
        "kernel = nl.landscape.evaluate(net, land.planes[0], x, y)\n"
        "if \"loss\" not in land.grid or land.grid[\"loss\"].shape != kernel[\"loss\"].shape:\n"
        "    print(\"the browser grid is not complete yet: run this cell again once the widget says done\")\n"
        "else:\n"
        "    err = np.abs(land.grid[\"loss\"] - kernel[\"loss\"]).max() / np.abs(kernel[\"loss\"]).max()\n"
        "    print(f\"browser ({land.backend}) vs PyTorch, {kernel['loss'].size} points: max relative error {err:.1e}\")"
    ),
    new_markdown_cell(
        "With and without the skip connection, side by side on one colour scale (Li et al. Fig. 5), with the "
        "accuracy surface beside each. `view=\"surface\"` draws them in 3-D: drag to rotate."
    ),
    new_code_cell(
        "compare = nl.LossLandscape({\"with skip\": net, \"without skip\": plain}, x, y, resolution=11, show_accuracy=True)\n"
        "compare"
    ),
    new_code_cell("compare.view = \"surface\""),
    new_markdown_cell(
        "The training path: PCA of the checkpoints gives the plane, and the path is drawn on it (Li et al. §7)."
    ),
    new_code_cell(
        "path = nl.LossLandscape(net, x, y, mode=\"trajectory\", checkpoints=checkpoints, resolution=11, log_scale=True)\n"
        "path"
    ),
    new_markdown_cell("From the initial weights to the trained ones (Goodfellow et al., 2015), and a little beyond:"),
    new_code_cell("nl.LossLandscape(initial, x, y, mode=\"interpolation\", end=net, resolution=31)"),
    new_markdown_cell(
        "When a grid outgrows one browser, `compute=\"dask\"` sends rows to a Dask cluster as tasks; rows stream "
        "into the view as they finish. Here a local cluster with two worker processes computes the plane of `land` "
        "and the result is compared with the browser's grid."
    ),
    new_code_cell(
        "from dask.distributed import Client, LocalCluster\n\n"
        "client = Client(LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None))\n"
        "dist = nl.LossLandscape(net, x, y, resolution=land.resolution, range=(-1, 1), compute=\"dask\", client=client)\n"
        "dist"
    ),
    new_code_cell(
        "dist.wait()\n"
        "if \"loss\" not in land.grid or land.grid[\"loss\"].shape != dist.grid[\"loss\"].shape:\n"
        "    print(\"the browser grid is not complete yet: run this cell again once the first widget says done\")\n"
        "else:\n"
        "    err = np.abs(land.grid[\"loss\"] - dist.grid[\"loss\"]).max() / np.abs(dist.grid[\"loss\"]).max()\n"
        "    print(f\"Dask vs browser: max relative error {err:.1e}\")"
    ),
    new_code_cell("client.close()"),
]

write(cells, "04-loss-landscape.ipynb")
