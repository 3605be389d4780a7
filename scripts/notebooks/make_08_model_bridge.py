"""Writes examples/08-model-bridge.ipynb (run: .venv/bin/python scripts/notebooks/make_08_model_bridge.py)."""
from nbformat.v4 import new_code_cell, new_markdown_cell

from _write import write

cells = [
    new_markdown_cell(
        "# Your own PyTorch model, in the browser\n\n"
        "`nl.ModelView(model, example_inputs)` exports the model with `torch.export` into netlens' op-graph IR "
        "(docs/ir.md), sends the weights as Arrow, and the browser compiles it to TensorFlow.js (WebGPU when it can). "
        "Any layer can be read (`taps`) and differentiated. When a model cannot run in the browser, the same calls run "
        "in the kernel with PyTorch and the results come back into the same view."
    ),
    new_code_cell(
        "import numpy as np\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "import torch.nn.functional as F\n\n"
        "import netlens as nl\n\n"
        "torch.manual_seed(0)\n\n\n"
        "class Block(nn.Module):\n"
        "    def __init__(self, cin, cout, stride):\n"
        "        super().__init__()\n"
        "        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)\n"
        "        self.bn1 = nn.BatchNorm2d(cout)\n"
        "        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)\n"
        "        self.bn2 = nn.BatchNorm2d(cout)\n"
        "        self.down = None\n"
        "        if stride != 1 or cin != cout:\n"
        "            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))\n\n"
        "    def forward(self, x):\n"
        "        y = F.relu(self.bn1(self.conv1(x)))\n"
        "        y = self.bn2(self.conv2(y))\n"
        "        return F.relu(y + (x if self.down is None else self.down(x)))\n\n\n"
        "class SmallResNet(nn.Module):\n"
        "    def __init__(self, classes=10):\n"
        "        super().__init__()\n"
        "        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())\n"
        "        self.layer1 = Block(16, 16, 1)\n"
        "        self.layer2 = Block(16, 32, 2)\n"
        "        self.layer3 = Block(32, 64, 2)\n"
        "        self.head = nn.Linear(64, classes)\n\n"
        "    def forward(self, x):\n"
        "        x = self.layer3(self.layer2(self.layer1(self.stem(x))))\n"
        "        return self.head(F.adaptive_avg_pool2d(x, 1).flatten(1))\n\n\n"
        "model = SmallResNet().eval()\n"
        "x = torch.randn(4, 3, 32, 32)"
    ),
    new_markdown_cell("The model runs in the browser; the first forward (on `x`) starts at once and reads the `layer2` block too."),
    new_code_cell('bridge = nl.ModelView(model, x, taps=["layer2"])\nbridge'),
    new_markdown_cell("Once the widget shows its result, compare the browser's forward with PyTorch's on the same inputs:"),
    new_code_cell(
        "with torch.no_grad():\n"
        "    reference = model(x).numpy()\n"
        "if bridge.result is None:\n"
        "    print(\"no browser result yet: run this cell again once the widget shows one\")\n"
        "else:\n"
        "    err = np.abs(bridge.result[\"output:0\"] - reference).max() / np.abs(reference).max()\n"
        "    print(f\"forward, browser ({bridge.backend}) vs PyTorch: max relative error {err:.1e}\")"
    ),
    new_markdown_cell("The gradient of class 3's score w.r.t. the input, computed in the browser:"),
    new_code_cell("grad_run = bridge.gradient(target=3)"),
    new_code_cell(
        "xg = x.clone().requires_grad_(True)\n"
        "model(xg)[:, 3].sum().backward()\n"
        "browser_grad = bridge.results.get(grad_run, {}).get(\"grad:x\")\n"
        "if browser_grad is None:\n"
        "    print(\"no browser gradient yet: run this cell again once the widget shows it\")\n"
        "else:\n"
        "    err = np.abs(browser_grad - xg.grad.numpy()).max() / np.abs(xg.grad.numpy()).max()\n"
        "    print(f\"input gradient, browser vs torch.autograd: max relative error {err:.1e}\")"
    ),
    new_markdown_cell(
        "A model with an op the browser cannot run (here an FFT) runs in the kernel instead; the widget says why, "
        "and the results arrive in the same view. `compute=\"kernel\"` asks for this explicitly."
    ),
    new_code_cell(
        "class Spectral(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.head = nn.Linear(17, 10)\n\n"
        "    def forward(self, x):\n"
        "        spectrum = torch.fft.rfft(x, dim=-1).abs()  # [N, 3, 32, 17]\n"
        "        return self.head(spectrum.mean(dim=(1, 2)))\n\n\n"
        "spectral = nl.ModelView(Spectral().eval(), x, taps=[\"head\"])\n"
        "print(spectral.compute_used, \"-\", spectral.compute_reason)\n"
        "spectral"
    ),
]

write(cells, "08-model-bridge.ipynb")
