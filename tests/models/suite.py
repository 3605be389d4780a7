"""The bridge's model suite: small, seeded PyTorch models covering the architectures users bring.

Each entry of `SUITE` builds a `Spec`: the model (eval mode, seeded weights, BatchNorm running
statistics randomized so normalization is not the identity), example inputs with batch 2, and the
IR refs whose gradients the fixtures record (`grad_wrt`: the input name for float inputs, the IR
name of the embedding output for token models, since token ids have no gradient).

No torchvision: every architecture is written here, in the shape torchvision gives it, so the
exporter sees the module structure (and the ops) real models produce.

Example:
    >>> spec = SUITE["mlp"]()
    >>> tuple(spec.model(*spec.inputs).shape)
    (2, 10)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

#: Example batch size: 2, because torch.export specializes a batch of 1 to a constant.
BATCH = 2


@dataclass
class Spec:
    """One suite model: `model(*inputs)` runs; `grad_wrt` are IR refs for the gradient fixtures."""

    model: nn.Module
    inputs: Tuple[torch.Tensor, ...]
    grad_wrt: List[str]
    description: str
    tags: List[str] = field(default_factory=list)


def _seeded(seed: int) -> torch.Generator:
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed + 1)


def _finish(model: nn.Module, seed: int) -> nn.Module:
    """Eval mode, with BatchNorm running stats and affine params drawn away from (0, 1)."""
    gen = torch.Generator().manual_seed(seed + 7)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                n = m.num_features
                m.running_mean.copy_(torch.randn(n, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(n, generator=gen) * 0.5 + 0.75)
                m.weight.copy_(torch.rand(n, generator=gen) * 0.5 + 0.75)
                m.bias.copy_(torch.randn(n, generator=gen) * 0.1)
    return model.eval()


def _tokens(gen: torch.Generator, vocab: int, length: int, pad_tail: Tuple[int, ...] = ()) -> torch.Tensor:
    """Token ids in [1, vocab); row i ends with pad_tail[i] padding ids (0)."""
    ids = torch.randint(1, vocab, (BATCH, length), generator=gen)
    for row, n in enumerate(pad_tail):
        if n:
            ids[row, length - n:] = 0
    return ids


# --- MLP ------------------------------------------------------------------------------------

class MLP(nn.Module):
    def __init__(self, d_in: int = 32, hidden: int = 64, classes: int = 10):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.act1 = nn.ReLU()
        self.drop = nn.Dropout(0.2)
        self.fc2 = nn.Linear(hidden, hidden)
        self.act2 = nn.GELU()
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.head(self.act2(self.fc2(self.drop(self.act1(self.fc1(x))))))


def _mlp() -> Spec:
    gen = _seeded(1)
    return Spec(_finish(MLP(), 1), (torch.randn(BATCH, 32, generator=gen),), ["x"],
                "MLP: Linear-ReLU-Dropout-Linear-GELU-Linear on 32 features")


# --- small CNN --------------------------------------------------------------------------------

class SmallCNN(nn.Module):
    def __init__(self, classes: int = 10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
            nn.AvgPool2d(2),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(16, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


def _cnn() -> Spec:
    gen = _seeded(2)
    return Spec(_finish(SmallCNN(), 2), (torch.randn(BATCH, 3, 16, 16, generator=gen),), ["x"],
                "small CNN: two Conv-BatchNorm-ReLU stages, max/avg pooling, adaptive pool, Linear")


# --- ResNet-18 --------------------------------------------------------------------------------

class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, c_in: int, c_out: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.downsample = None
        if stride != 1 or c_in != c_out:
            self.downsample = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    """torchvision's ResNet layout (stem conv7/2 + maxpool, four stages, adaptive avg pool, fc)."""

    def __init__(self, layers=(2, 2, 2, 2), num_classes: int = 1000, width: int = 64):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        c = width
        stages = []
        for i, n in enumerate(layers):
            c_out = width * 2**i
            blocks = [BasicBlock(c, c_out, 1 if i == 0 else 2)] + [BasicBlock(c_out, c_out) for _ in range(n - 1)]
            stages.append(nn.Sequential(*blocks))
            c = c_out
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(c, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def resnet18(num_classes: int = 1000, width: int = 64) -> ResNet:
    """ResNet-18; the defaults give torchvision's full-size model (11.7 M parameters).

    Example:
        >>> sum(p.numel() for p in resnet18().parameters())
        11689512
    """
    return ResNet((2, 2, 2, 2), num_classes, width)


def _resnet18() -> Spec:
    gen = _seeded(3)
    return Spec(_finish(resnet18(num_classes=10, width=8), 3), (torch.randn(BATCH, 3, 32, 32, generator=gen),),
                ["x"], "ResNet-18 (BasicBlocks, 1x1 conv+BN downsampling residuals), width 8, 32x32 input")


# --- MobileNetV2 ------------------------------------------------------------------------------

class ConvBNReLU6(nn.Sequential):
    def __init__(self, c_in: int, c_out: int, kernel: int = 3, stride: int = 1, groups: int = 1):
        super().__init__(nn.Conv2d(c_in, c_out, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
                         nn.BatchNorm2d(c_out), nn.ReLU6(inplace=True))


class InvertedResidual(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int, expand: int):
        super().__init__()
        hidden = c_in * expand
        self.use_res = stride == 1 and c_in == c_out
        layers = [] if expand == 1 else [ConvBNReLU6(c_in, hidden, 1)]
        layers += [ConvBNReLU6(hidden, hidden, 3, stride, groups=hidden),
                   nn.Conv2d(hidden, c_out, 1, bias=False), nn.BatchNorm2d(c_out)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.conv(x) if self.use_res else self.conv(x)


class MobileNetV2(nn.Module):
    #: (expansion, channels, repeats, stride) per stage, a shortened torchvision table.
    SETTINGS = ((1, 8, 1, 1), (6, 12, 2, 2), (6, 16, 2, 2), (6, 24, 1, 1))

    def __init__(self, classes: int = 10, stem: int = 8, last: int = 64):
        super().__init__()
        layers: List[nn.Module] = [ConvBNReLU6(3, stem, 3, 2)]
        c = stem
        for t, c_out, n, s in self.SETTINGS:
            for i in range(n):
                layers.append(InvertedResidual(c, c_out, s if i == 0 else 1, t))
                c = c_out
        layers.append(ConvBNReLU6(c, last, 1))
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(last, classes))

    def forward(self, x):
        x = self.features(x)
        x = F.adaptive_avg_pool2d(x, (1, 1))
        return self.classifier(torch.flatten(x, 1))


def _mobilenet_v2() -> Spec:
    gen = _seeded(4)
    return Spec(_finish(MobileNetV2(), 4), (torch.randn(BATCH, 3, 32, 32, generator=gen),), ["x"],
                "MobileNetV2: inverted residuals with depthwise 3x3 convs and ReLU6")


# --- VGG ------------------------------------------------------------------------------------

class VGG(nn.Module):
    def __init__(self, cfg=(8, "M", 16, 16, "M", 32, 32, "M"), classes: int = 10):
        super().__init__()
        layers: List[nn.Module] = []
        c = 3
        for v in cfg:
            if v == "M":
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU(inplace=True)]
                c = v
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d((2, 2))
        self.classifier = nn.Sequential(
            nn.Linear(c * 4, 64), nn.ReLU(True), nn.Dropout(), nn.Linear(64, 64), nn.ReLU(True), nn.Dropout(),
            nn.Linear(64, classes))

    def forward(self, x):
        x = self.avgpool(self.features(x))
        return self.classifier(x.view(x.size(0), -1))


def _vgg() -> Spec:
    gen = _seeded(5)
    return Spec(_finish(VGG(), 5), (torch.randn(BATCH, 3, 32, 32, generator=gen),), ["x"],
                "VGG-style: stacked 3x3 convs, max pooling, view(batch, -1), dropout classifier")


# --- 1-D conv text classifier -----------------------------------------------------------------

class TextCNN(nn.Module):
    def __init__(self, vocab: int = 100, dim: int = 16, channels: int = 24, classes: int = 4):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=0)
        self.conv = nn.Conv1d(dim, channels, 3, padding=1)
        self.pool = nn.MaxPool1d(2)
        self.conv2 = nn.Conv1d(channels, channels, 3)
        self.gap = nn.AdaptiveAvgPool1d(1)
        self.fc = nn.Linear(channels, classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)  # (N, L, D) → (N, D, L) for Conv1d
        x = self.pool(F.relu(self.conv(x)))
        x = self.gap(F.relu(self.conv2(x))).squeeze(-1)
        return self.fc(x)


def _text_cnn() -> Spec:
    gen = _seeded(6)
    return Spec(_finish(TextCNN(), 6), (_tokens(gen, 100, 16, (0, 3)),), ["embedding"],
                "1-D conv text classifier: Embedding, Conv1d, MaxPool1d, AdaptiveAvgPool1d, Linear",
                ["tokens"])


# --- recurrent ------------------------------------------------------------------------------

class LSTMClassifier(nn.Module):
    def __init__(self, vocab: int = 50, dim: int = 12, hidden: int = 16, classes: int = 3):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(2 * hidden, classes)

    def forward(self, tokens):
        out, (h, c) = self.lstm(self.embedding(tokens))
        return self.fc(out[:, -1, :])


def _lstm() -> Spec:
    gen = _seeded(7)
    return Spec(_finish(LSTMClassifier(), 7), (_tokens(gen, 50, 10),), ["embedding"],
                "LSTM classifier: Embedding, 2-layer bidirectional batch_first LSTM, last step, Linear",
                ["tokens"])


class GRUClassifier(nn.Module):
    def __init__(self, features: int = 6, hidden: int = 16, classes: int = 3):
        super().__init__()
        self.gru = nn.GRU(features, hidden, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(2 * hidden, classes)

    def forward(self, x):
        _, h = self.gru(x)
        # h: (layers·directions, N, H); the last layer's forward and reverse states.
        return self.fc(torch.cat([h[-2], h[-1]], dim=1))


def _gru() -> Spec:
    gen = _seeded(8)
    return Spec(_finish(GRUClassifier(), 8), (torch.randn(BATCH, 9, 6, generator=gen),), ["x"],
                "GRU classifier on a float sequence: 2-layer bidirectional GRU, final hidden states, Linear")


# --- attention ------------------------------------------------------------------------------

class EncoderLayer(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x):
        h = self.norm1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class TransformerEncoder(nn.Module):
    def __init__(self, vocab: int = 60, dim: int = 16, heads: int = 2, layers: int = 2, length: int = 8,
                 classes: int = 5):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.pos = nn.Parameter(torch.randn(1, length, dim) * 0.1)
        self.layers = nn.ModuleList([EncoderLayer(dim, heads) for _ in range(layers)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, tokens):
        x = self.embedding(tokens) + self.pos
        for layer in self.layers:
            x = layer(x)
        return self.head(self.norm(x).mean(dim=1))


def _transformer() -> Spec:
    gen = _seeded(9)
    return Spec(_finish(TransformerEncoder(), 9), (_tokens(gen, 60, 8),), ["embedding"],
                "pre-norm transformer encoder: nn.MultiheadAttention, LayerNorm, GELU MLP, residuals",
                ["tokens"])


class HandAttention(nn.Module):
    """Single-head attention written out: the padding mask is built inside the model."""

    def __init__(self, vocab: int = 40, dim: int = 16, classes: int = 3):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=0)
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)
        self.out = nn.Linear(dim, classes)
        self.scale = 1.0 / math.sqrt(dim)

    def forward(self, tokens):
        pad = tokens == 0                                   # (N, L) padding positions
        x = self.embedding(tokens)
        q, k, v = self.q(x), self.k(x), self.v(x)
        scores = torch.einsum("bqd,bkd->bqk", q, k) * self.scale
        scores = scores.masked_fill(pad[:, None, :], float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        ctx = torch.matmul(weights, v)
        keep = (~pad).unsqueeze(-1).float()
        pooled = (ctx * keep).sum(1) / keep.sum(1)
        return self.out(pooled)


def _attention() -> Spec:
    gen = _seeded(10)
    return Spec(_finish(HandAttention(), 10), (_tokens(gen, 40, 10, (2, 4)),), ["embedding"],
                "hand-written attention: q/k/v Linear, einsum scores, masked_fill(-inf) padding mask, softmax",
                ["tokens"])


class CausalSelfAttention(nn.Module):
    def __init__(self, dim: int, heads: int, context: int, use_sdpa: bool):
        super().__init__()
        self.heads = heads
        self.use_sdpa = use_sdpa
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        if not use_sdpa:
            self.register_buffer("mask", torch.tril(torch.ones(context, context)).view(1, 1, context, context))

    def forward(self, x):
        n, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q = q.view(n, t, self.heads, c // self.heads).transpose(1, 2)
        k = k.view(n, t, self.heads, c // self.heads).transpose(1, 2)
        v = v.view(n, t, self.heads, c // self.heads).transpose(1, 2)
        if self.use_sdpa:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
            att = att.masked_fill(self.mask[:, :, :t, :t] == 0, float("-inf"))
            y = F.softmax(att, dim=-1) @ v
        y = y.transpose(1, 2).contiguous().view(n, t, c)
        return self.proj(y)


class GPTBlock(nn.Module):
    def __init__(self, dim: int, heads: int, context: int, use_sdpa: bool):
        super().__init__()
        self.ln_1 = nn.LayerNorm(dim)
        self.attn = CausalSelfAttention(dim, heads, context, use_sdpa)
        self.ln_2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(approximate="tanh"), nn.Linear(4 * dim, dim))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class TinyGPT(nn.Module):
    """nanoGPT's layout: token + position embeddings, causal blocks, tied LM head."""

    def __init__(self, vocab: int = 64, dim: int = 16, heads: int = 2, layers: int = 2, context: int = 12,
                 use_sdpa: bool = False):
        super().__init__()
        self.wte = nn.Embedding(vocab, dim)
        self.wpe = nn.Embedding(context, dim)
        self.blocks = nn.ModuleList([GPTBlock(dim, heads, context, use_sdpa) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(dim)
        self.lm_head = nn.Linear(dim, vocab, bias=False)
        self.lm_head.weight = self.wte.weight

    def forward(self, tokens):
        t = tokens.size(1)
        pos = torch.arange(0, t, dtype=torch.long, device=tokens.device)
        x = self.wte(tokens) + self.wpe(pos)
        for block in self.blocks:
            x = block(x)
        return self.lm_head(self.ln_f(x))


def _gpt_mask() -> Spec:
    gen = _seeded(11)
    return Spec(_finish(TinyGPT(use_sdpa=False), 11), (_tokens(gen, 64, 12),), ["embedding"],
                "tiny GPT decoder, causal mask from a registered tril buffer, tied LM head", ["tokens"])


def _gpt_sdpa() -> Spec:
    gen = _seeded(12)
    return Spec(_finish(TinyGPT(use_sdpa=True), 12), (_tokens(gen, 64, 10),), ["embedding"],
                "tiny GPT decoder with F.scaled_dot_product_attention(is_causal=True)", ["tokens"])


# --- U-Net ----------------------------------------------------------------------------------

class ConvGNSiLU(nn.Sequential):
    def __init__(self, c_in: int, c_out: int, groups: int = 4):
        super().__init__(nn.Conv2d(c_in, c_out, 3, padding=1), nn.GroupNorm(groups, c_out), nn.SiLU())


class UNet(nn.Module):
    """Two-level U-Net: ConvTranspose2d and interpolate (nearest, bilinear) upsampling, cat skips."""

    def __init__(self, c_in: int = 3, classes: int = 2, width: int = 8):
        super().__init__()
        w = width
        self.enc1 = ConvGNSiLU(c_in, w)
        self.enc2 = ConvGNSiLU(w, 2 * w)
        self.bottleneck = ConvGNSiLU(2 * w, 4 * w)
        self.up2 = nn.ConvTranspose2d(4 * w, 2 * w, 2, stride=2)
        self.dec2 = ConvGNSiLU(4 * w, 2 * w)
        self.dec1 = ConvGNSiLU(3 * w, w)
        self.head = nn.Conv2d(w, classes, 1)
        self.aux = nn.Conv2d(4 * w, classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)                                   # H
        e2 = self.enc2(F.max_pool2d(e1, 2))                 # H/2
        b = self.bottleneck(F.max_pool2d(e2, 2))            # H/4
        d2 = self.dec2(torch.cat([self.up2(b), e2], dim=1))  # H/2
        d1 = self.dec1(torch.cat([F.interpolate(d2, scale_factor=2.0, mode="nearest"), e1], dim=1))
        aux = F.interpolate(self.aux(b), size=x.shape[-2:], mode="bilinear", align_corners=False)
        return self.head(d1) + aux


def _unet() -> Spec:
    gen = _seeded(13)
    return Spec(_finish(UNet(), 13), (torch.randn(BATCH, 3, 16, 16, generator=gen),), ["x"],
                "U-Net: ConvTranspose2d, GroupNorm, SiLU, nearest and bilinear interpolate, cat skips")


SUITE: Dict[str, Callable[[], Spec]] = {
    "mlp": _mlp,
    "cnn": _cnn,
    "resnet18": _resnet18,
    "mobilenet_v2": _mobilenet_v2,
    "vgg": _vgg,
    "text_cnn": _text_cnn,
    "lstm": _lstm,
    "gru": _gru,
    "transformer": _transformer,
    "attention": _attention,
    "gpt_mask": _gpt_mask,
    "gpt_sdpa": _gpt_sdpa,
    "unet": _unet,
}
