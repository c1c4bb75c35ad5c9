# Type stubs of the nncert package (python/nncert/__init__.py documents each function).
import os
from typing import Any, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, Union, overload

import numpy as np
import numpy.typing as npt

Verdict = Literal["certified", "refuted", "inconclusive"]
Problem = Union[str, os.PathLike[str], Mapping[str, Any]]
PathLike = Union[str, os.PathLike[str]]

class InvalidInput(ValueError): ...
class UnsoundEnvironment(RuntimeError): ...
class RangeExceeded(ArithmeticError): ...

class SpdResult(TypedDict):
    verdict: Verdict
    enclosure: Tuple[float, float]
    certified: bool
    method: str
    precision_bits: int
    n: int
    shift: float
    seconds: float
    reason: str

class SigmaResult(TypedDict):
    verdict: Verdict
    enclosure: Tuple[float, float]
    certified: bool
    method: str
    precision_bits: int
    rank: Tuple[int, int]
    n: int
    p: int
    threshold: float
    seconds: float
    reason: str

def certify_spd(A: npt.NDArray[np.float64], shift: float = 0.0) -> SpdResult: ...
def sigma_min(J: npt.NDArray[np.float64], threshold: float = 0.0) -> SigmaResult: ...
@overload
def kernel(which: Literal["ntk", "nngp", "h-infinity"], X: npt.NDArray[np.float64], *, widths: Optional[Sequence[int]] = ...,
           depth: Optional[int] = ..., activation: str = ..., leaky_slope: float = ..., scaling: Literal["paper", "model"] = ...,
           sigma_w: float = ..., sigma_b: float = ..., certify: Literal[False] = ...) -> npt.NDArray[np.float64]: ...
@overload
def kernel(which: Literal["ntk", "nngp", "h-infinity"], X: npt.NDArray[np.float64], *, widths: Optional[Sequence[int]] = ...,
           depth: Optional[int] = ..., activation: str = ..., leaky_slope: float = ..., scaling: Literal["paper", "model"] = ...,
           sigma_w: float = ..., sigma_b: float = ..., certify: Literal[True]) -> dict[str, Any]: ...
def problem_toml(problem: Mapping[str, Any]) -> str: ...
def verify(problem: Problem, theorem: Optional[str] = None, *, root: Optional[PathLike] = None) -> dict[str, Any]: ...
def prove(problem: Problem, out: PathLike, theorem: Optional[str] = None, *, force: bool = False,
          root: Optional[PathLike] = None) -> dict[str, Any]: ...
def check(certificate: PathLike, *, replay: bool = True, data_root: Optional[PathLike] = None) -> dict[str, Any]: ...
def theorems() -> list[dict[str, Any]]: ...
def jacobian(problem: Problem, block: str = "all", *, root: Optional[PathLike] = None) -> dict[str, npt.NDArray[np.float64]]: ...
def entk(problem: Problem, block: str = "all", *, root: Optional[PathLike] = None) -> npt.NDArray[np.float64]: ...
