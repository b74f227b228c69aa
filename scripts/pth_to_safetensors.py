"""Converts a PyTorch checkpoint (.pth, as torchvision publishes) to .safetensors for loadPretrained.

  python3 scripts/pth_to_safetensors.py resnet18-f37072fd.pth resnet18.safetensors

Uses your own PyTorch (torch.load); the project itself never runs Python. A checkpoint saved as a
whole model or as {"state_dict": ...} / {"model": ...} is unwrapped to its state dict. Float64 and
float16 tensors are written as they are (the loader widens them); integer buffers are kept.
"""
import json
import struct
import sys

DTYPES = {"torch.float32": "F32", "torch.float64": "F64", "torch.float16": "F16", "torch.bfloat16": "BF16",
          "torch.int64": "I64", "torch.int32": "I32", "torch.uint8": "U8", "torch.bool": "BOOL"}


def save_safetensors(path, tensors):
    """An 8-byte little-endian header length, a JSON header (padded to 8 bytes), then each tensor's raw bytes."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        dtype = DTYPES.get(str(t.dtype))
        if dtype is None:
            raise SystemExit(f"{name}: dtype {t.dtype} has no safetensors name here")
        data = (t.view(__import__("torch").int16) if dtype == "BF16" else t).numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def main():
    import torch
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    src, dst = sys.argv[1:]
    obj = torch.load(src, map_location="cpu")
    if hasattr(obj, "state_dict"):
        obj = obj.state_dict()
    for key in ("state_dict", "model"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            obj = obj[key]
    tensors = {k: v for k, v in obj.items() if hasattr(v, "dtype")}
    save_safetensors(dst, tensors)
    print(f"{len(tensors)} tensors → {dst}")


if __name__ == "__main__":
    main()
