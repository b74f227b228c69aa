"""PyTorch's side of `deno task bench data`: one timed epoch of
DataLoader(ImageFolder(<root>/train), RandomResizedCrop(224) + flip + ToTensor
+ Normalize, num_workers=N, shuffle) on the same folder. Prints one JSON line:
the whole epoch, the time to the first batch (the workers' start-up), and the
steady part after it.

    python3 scripts/torch_data_reference.py <folder root> <workers> <batch>
"""
import json
import sys
import time

import PIL
import torch
import torchvision
from torchvision import datasets, transforms


def main():
    root, workers, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.manual_seed(0)
    tf = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    ds = datasets.ImageFolder(f"{root}/train", transform=tf)
    loader = torch.utils.data.DataLoader(ds, batch_size=batch, shuffle=True, num_workers=workers)
    t0 = time.perf_counter()
    images, first, first_at = 0, 0, 0.0
    for x, _ in loader:
        images += x.shape[0]
        if not first_at:
            first, first_at = x.shape[0], time.perf_counter()
    end = time.perf_counter()
    print(json.dumps({"images": images, "seconds": end - t0, "firstBatchSeconds": first_at - t0,
                      "steadyImages": images - first, "steadySeconds": end - first_at, "torch": torch.__version__,
                      "torchvision": torchvision.__version__, "pil": PIL.__version__}))


if __name__ == "__main__":
    main()
