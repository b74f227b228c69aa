"""PyTorch reference for `deno task bench`: the same architectures as lib/models,
timed the same way (batch 128, SGD momentum 0.9 + weight decay, one step =
forward + backward + update; inference in eval mode without gradients).

Usage: python3 scripts/torch_reference.py '<json list of model specs>' [min_seconds]
Prints one JSON object per model. Needs Debian's python3-torch (optional).
"""
import json, math, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(max(1, torch.get_num_interop_threads(), 2))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (self.down(x) if self.down is not None else x))


class ResNet(nn.Module):
    def __init__(self, c):
        super().__init__()
        w = c["width"]
        if c["stem"] == "imagenet":
            self.stem = nn.Sequential(nn.Conv2d(c["inChannels"], w, 7, 2, 3, bias=False), nn.BatchNorm2d(w), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        else:
            self.stem = nn.Sequential(nn.Conv2d(c["inChannels"], w, 3, 1, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU())
        layers, cin = [], w
        for stage, n in enumerate(c["blocks"]):
            cout = w * 2 ** stage
            for b in range(n):
                layers.append(Block(cin, cout, 2 if b == 0 and stage > 0 else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, c["numClasses"])

    def forward(self, x):
        return self.fc(self.layers(self.stem(x)).mean((2, 3)))


class ViTBlock(nn.Module):
    def __init__(self, d, heads, hidden):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d, eps=1e-6), nn.LayerNorm(d, eps=1e-6)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc1, self.fc2 = nn.Linear(d, hidden), nn.Linear(hidden, d)
        self.heads = heads

    def forward(self, x):
        b, t, d = x.shape
        qkv = self.qkv(self.norm1(x)).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = (q @ k.transpose(-2, -1) * (d // self.heads) ** -0.5).softmax(-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class ViT(nn.Module):
    def __init__(self, c):
        super().__init__()
        p, d = c["patch"], c["dim"]
        self.patch = nn.Conv2d(c["inChannels"], d, p, p)
        t = (c["imageSize"] // p) ** 2
        self.cls = nn.Parameter(torch.zeros(1, 1, d))
        self.pos = nn.Parameter(torch.zeros(1, t + 1, d))
        self.blocks = nn.Sequential(*[ViTBlock(d, c["heads"], int(d * c["mlpRatio"])) for _ in range(c["depth"])])
        self.norm = nn.LayerNorm(d, eps=1e-6)
        self.head = nn.Linear(d, c["numClasses"])

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], 1) + self.pos
        return self.head(self.norm(self.blocks(x))[:, 0])


def rate(fn, items, min_s):
    fn()
    n, t0 = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        el = time.perf_counter() - t0
        if el >= min_s and n >= 2:
            return n * items / el


def bench(spec, min_s):
    c = spec["config"]
    model = ResNet(c) if c["arch"] == "resnet" else ViT(c)
    bs = spec.get("batch", 128)
    x = torch.randn(bs, c["inChannels"], c["imageSize"], c["imageSize"])
    y = torch.randint(0, c["numClasses"], (bs,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

    def step():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()

    model.train()
    train = rate(step, bs, min_s)
    model.eval()
    with torch.no_grad():
        infer = rate(lambda: model(x), bs, min_s)
    return {"model": spec["name"], "train": train, "infer": infer, "threads": torch.get_num_threads(), "torch": torch.__version__}


if __name__ == "__main__":
    specs = json.loads(sys.argv[1])
    min_s = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    for s in specs:
        print(json.dumps(bench(s, min_s)), flush=True)
