# nncert.torch: a converted nn.Sequential has the module's function, Jacobian and eNTK Gram (against
# torch's own jacrev, float64, 1e-12 relative); unsupported layers are refused naming them.
import numpy as np
import pytest

torch = pytest.importorskip("torch")  # CI installs python3-torch; skipped only where torch is absent
import nncert  # noqa: E402
import nncert.torch as nt  # noqa: E402

try:
    from torch.func import functional_call, jacrev  # torch >= 2.0
except ImportError:  # Debian 12's torch 1.13
    from functorch import jacrev
    from torch.nn.utils.stateless import functional_call


def torch_jacobian(module, x):
    """J of vec(f(X)) (sample-major rows i*k + o) in theta's order, by reverse-mode autodiff."""
    names = [n for n, _ in module.named_parameters()]
    shapes = [p.shape for _, p in module.named_parameters()]
    theta = torch.cat([p.detach().reshape(-1) for p in module.parameters()])

    def f(flat):
        params, offset = {}, 0
        for name, shape in zip(names, shapes):
            size = int(np.prod(shape))
            params[name] = flat[offset:offset + size].reshape(shape)
            offset += size
        return functional_call(module, params, (x,)).reshape(-1)

    return jacrev(f)(theta).numpy()


def net(*layers):
    torch.manual_seed(0)
    return torch.nn.Sequential(*layers).double()


MODULES = {
    "tanh": lambda: net(torch.nn.Linear(3, 7), torch.nn.Tanh(), torch.nn.Linear(7, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2)),
    "leaky": lambda: net(torch.nn.Linear(3, 6), torch.nn.LeakyReLU(0.2), torch.nn.Linear(6, 2)),
    "gelu-nobias": lambda: net(torch.nn.Linear(3, 6, bias=False), torch.nn.GELU(), torch.nn.Linear(6, 1, bias=False)),
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_jacobian_and_entk_agree_with_jacrev(tmp_path, name):
    module = MODULES[name]()
    x = torch.randn(6, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    y = module(x).detach()
    converted = nt.from_module(module)
    assert np.array_equal(converted.theta, torch.cat([p.detach().reshape(-1) for p in module.parameters()]).numpy())
    problem = nt.problem(module, x, y, tmp_path)
    ours = nncert.jacobian(problem, root=tmp_path)
    ref = torch_jacobian(module, x)
    assert ours["J"].shape == ref.shape
    scale = np.abs(ref).max()
    assert np.abs(ours["J"] - ref).max() <= 1e-12 * scale
    assert np.abs(ours["f"] - y.numpy()).max() <= 1e-12 * np.abs(y.numpy()).max()
    gram = nncert.entk(problem, root=tmp_path)
    ref_gram = ref @ ref.T
    assert np.abs(gram - ref_gram).max() <= 1e-12 * np.abs(ref_gram).max()
    # Negative twin: after a training step the module moved; the earlier conversion no longer matches.
    with torch.no_grad():
        for p in module.parameters():
            p.add_(0.01)
    assert np.abs(ours["J"] - torch_jacobian(module, x)).max() > 1e-6 * scale


def test_verify_certifies_at_the_current_weights():
    module = MODULES["tanh"]()
    x = torch.randn(5, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    y = torch.randn(5, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    r = nt.verify(module, x, y)
    assert r["verdict"] == "certified"  # n·k = 10 rows, p = 78 parameters
    out = nt.verify(module, x, y, block="output")  # 12 parameters of the last layer
    assert out["verdict"] == "certified"
    # Negative twin: all-zero weights make J rank deficient.
    with torch.no_grad():
        for p in module.parameters():
            p.zero_()
    assert nt.verify(module, x, y)["verdict"] != "certified"


@pytest.mark.parametrize("layers,needle", [
    (lambda: [torch.nn.Linear(3, 4), torch.nn.ELU(), torch.nn.Linear(4, 1)], "layer 1 (ELU"),
    (lambda: [torch.nn.Conv1d(1, 1, 3)], "layer 0 (Conv1d"),
    (lambda: [torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1)], "activations differ"),
    (lambda: [torch.nn.Linear(3, 4), torch.nn.Tanh()], "last layer must be Linear"),
    (lambda: [torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1, bias=False)], "bias"),
    (lambda: [torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(5, 1)], "takes 5 inputs"),
    (lambda: [torch.nn.Linear(3, 4), torch.nn.GELU(approximate="tanh"), torch.nn.Linear(4, 1)], "GELU"),
])
def test_unsupported_modules_are_named(layers, needle):
    with pytest.raises(nncert.InvalidInput, match=needle.replace("(", r"\(")):
        nt.from_module(torch.nn.Sequential(*layers()))
    with pytest.raises(nncert.InvalidInput, match="Sequential"):
        nt.from_module(torch.nn.Linear(3, 1))
