"""PyTorch modules as nncert models (docs/python.md#pytorch).

    from_module(module)  -> Converted: the [model] section of a problem file and theta, the module's
                            current parameters in nncert's theta layout (float64)
    verify(module, X, Y, theorem=..., block=...) -> nncert.verify at the module's current weights

Supported: torch.nn.Sequential of nn.Linear layers with one activation module between consecutive
layers, the same activation everywhere: ReLU, LeakyReLU, Tanh, Sigmoid, GELU (approximate="none"),
Softplus (beta = 1; PyTorch returns z itself above its threshold 20, nncert log(1 + e^z), which differs
by less than 2.1e-9 there); or no activation at all between the layers ("identity"). Every Linear has
a bias, or none has. Anything else raises nncert.InvalidInput naming the layer.

theta layout (docs/problem-files.md, kind "mlp"): for each Linear, its weight (out x in) row-major,
then its bias: the order of module.parameters(), so theta = cat(p.flatten() for p in parameters).
"""
import os
import tempfile

import numpy as np
import torch
from torch import nn

import nncert

__all__ = ["Converted", "from_module", "problem", "verify"]


class Converted:
    """An nncert MLP equal to a torch module at its current weights: `model` is the [model] section
    (dict), `theta` the parameters (1-d float64 numpy array, nncert's layout)."""

    def __init__(self, model, theta):
        self.model = model
        self.theta = theta

    def __repr__(self):
        return f"Converted(model={self.model!r}, p={self.theta.size})"


def _activation(layer, index):
    if isinstance(layer, nn.ReLU):
        return "relu", None
    if isinstance(layer, nn.LeakyReLU):
        return "leaky-relu", float(layer.negative_slope)
    if isinstance(layer, nn.Tanh):
        return "tanh", None
    if isinstance(layer, nn.Sigmoid):
        return "sigmoid", None
    if isinstance(layer, nn.GELU) and getattr(layer, "approximate", "none") == "none":
        return "gelu", None
    if isinstance(layer, nn.Softplus) and float(layer.beta) == 1.0:
        return "softplus", None
    raise nncert.InvalidInput(
        f"nncert.torch: layer {index} ({layer!r}) is not supported (Linear layers with ReLU, LeakyReLU, Tanh, "
        "Sigmoid, GELU(approximate='none') or Softplus(beta=1) between them)")


def from_module(module):
    """The nncert MLP of an nn.Sequential of nn.Linear layers and one kind of activation, at the
    module's current weights. Returns a Converted (model section, theta)."""
    if not isinstance(module, nn.Sequential):
        raise nncert.InvalidInput(f"nncert.torch: expected a torch.nn.Sequential, got {type(module).__name__}")
    layers = [layer for layer in module if not isinstance(layer, nn.Identity)]
    linears, activations = [], []
    expect_linear = True
    for index, layer in enumerate(layers):
        if isinstance(layer, nn.Linear):
            if not expect_linear:
                activations.append(("identity", None))
            linears.append((index, layer))
            expect_linear = False
        elif expect_linear:
            raise nncert.InvalidInput(f"nncert.torch: layer {index} ({layer!r}) must follow a Linear layer"
                                      if linears else f"nncert.torch: layer {index} ({layer!r}): the first layer must be Linear")
        else:
            activations.append(_activation(layer, index))
            expect_linear = True
    if not linears:
        raise nncert.InvalidInput("nncert.torch: the module has no Linear layer")
    if expect_linear:
        raise nncert.InvalidInput("nncert.torch: the last layer must be Linear (nncert's output layer is linear)")
    if len(set(activations)) > 1:
        raise nncert.InvalidInput(f"nncert.torch: the activations differ ({sorted(set(a for a, _ in activations))}); "
                                  "an nncert MLP has one activation")
    biases = {layer.bias is not None for _, layer in linears}
    if len(biases) > 1:
        raise nncert.InvalidInput("nncert.torch: some Linear layers have a bias and some not; nncert's MLP has all or none")
    widths = [linears[0][1].in_features]
    for index, layer in linears:
        if layer.in_features != widths[-1]:
            raise nncert.InvalidInput(f"nncert.torch: layer {index} ({layer!r}) takes {layer.in_features} inputs, "
                                      f"the previous layer gives {widths[-1]}")
        widths.append(layer.out_features)
    model = {"kind": "mlp", "widths": widths, "bias": biases.pop(), "parameterization": "standard"}
    if activations:
        name, slope = activations[0]
        model["activation"] = name
        if slope is not None:
            model["leaky_slope"] = slope
    else:
        model["activation"] = "identity"  # a single Linear layer: no hidden layer
    parts = []
    with torch.no_grad():
        for _, layer in linears:
            parts.append(layer.weight.detach().to(torch.float64).cpu().reshape(-1))
            if layer.bias is not None:
                parts.append(layer.bias.detach().to(torch.float64).cpu().reshape(-1))
    theta = torch.cat(parts).numpy().copy()
    if not np.all(np.isfinite(theta)):
        raise nncert.InvalidInput("nncert.torch: the module has a non-finite parameter")
    return Converted(model, theta)


def _matrix(name, value):
    if isinstance(value, torch.Tensor):
        value = value.detach().to(torch.float64).cpu().numpy()
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 1:
        a = a.reshape(-1, 1) if name == "Y" else a.reshape(1, -1)
    if a.ndim != 2 or a.size == 0:
        raise nncert.InvalidInput(f"nncert.torch: {name} must be a non-empty 2-d array, got shape {a.shape}")
    return a


def problem(module, X, Y, directory, *, theorem=None, train=None, verify_options=None):
    """Writes X.npy, Y.npy and theta.npy (the module's weights) into `directory` and returns the
    problem dict that names them (relative paths: pass root=directory to nncert.verify / prove)."""
    converted = from_module(module)
    X, Y = _matrix("X", X), _matrix("Y", Y)
    np.save(os.path.join(directory, "X.npy"), X)
    np.save(os.path.join(directory, "Y.npy"), Y)
    np.save(os.path.join(directory, "theta.npy"), converted.theta)
    p = {}
    if theorem is not None:
        p["theorem"] = theorem
    p["data"] = {"source": "npy:X.npy,Y.npy"}
    p["model"] = dict(converted.model, theta="theta.npy")
    if train is not None:
        p["train"] = dict(train)
    if verify_options:
        p["verify"] = dict(verify_options)
    return p


def verify(module, X, Y, theorem="generic/jacobian-rank", block=None, *, directory=None):
    """nncert.verify of `theorem` for the module at its current weights on data (X, Y): X is n x d,
    Y n x k (torch tensors or arrays). block: the parameter block the verifiers use (e.g. "output");
    directory: where the problem's files are written (default: a temporary directory, removed after)."""
    options = {"block": block} if block is not None else None
    if directory is not None:
        return nncert.verify(problem(module, X, Y, directory, theorem=theorem, verify_options=options), root=directory)
    with tempfile.TemporaryDirectory(prefix="nncert-torch-") as tmp:
        return nncert.verify(problem(module, X, Y, tmp, theorem=theorem, verify_options=options), root=tmp)
