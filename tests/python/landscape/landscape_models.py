"""Small models and data for the landscape tests (importable by Dask workers and fixtures)."""
import torch
from torch import nn


class SmallCNN(nn.Module):
    """Conv + BN + ReLU + pool + Linear: filters, biases and BN parameters all take part."""

    def __init__(self, classes: int = 4):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 4 * 4, classes)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        x = nn.functional.max_pool2d(x, 2)
        return self.fc(x.flatten(1))


def mlp(seed: int = 0, classes: int = 3) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, classes)).eval()


def cnn(seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    m = SmallCNN()
    # Non-trivial running statistics so BN buffers matter.
    m.bn.running_mean.uniform_(-0.5, 0.5)
    m.bn.running_var.uniform_(0.5, 1.5)
    return m.eval()


def data(kind: str, n: int = 24, seed: int = 1):
    g = torch.Generator().manual_seed(seed)
    if kind == "mlp":
        return torch.randn(n, 6, generator=g), torch.randint(0, 3, (n,), generator=g)
    return torch.randn(n, 1, 8, 8, generator=g), torch.randint(0, 4, (n,), generator=g)
