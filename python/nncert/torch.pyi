# Type stubs of nncert.torch (python/nncert/torch.py documents each function).
import os
from typing import Any, Mapping, Optional, Union

import numpy as np
import numpy.typing as npt
import torch

ArrayLike = Union[torch.Tensor, npt.ArrayLike]

class Converted:
    model: dict[str, Any]
    theta: npt.NDArray[np.float64]
    def __init__(self, model: dict[str, Any], theta: npt.NDArray[np.float64]) -> None: ...

def from_module(module: torch.nn.Module) -> Converted: ...
def problem(module: torch.nn.Module, X: ArrayLike, Y: ArrayLike, directory: Union[str, os.PathLike[str]], *,
            theorem: Optional[str] = None, train: Optional[Mapping[str, Any]] = None,
            verify_options: Optional[Mapping[str, Any]] = None) -> dict[str, Any]: ...
def verify(module: torch.nn.Module, X: ArrayLike, Y: ArrayLike, theorem: str = "generic/jacobian-rank",
           block: Optional[str] = None, *, directory: Optional[Union[str, os.PathLike[str]]] = None) -> dict[str, Any]: ...
