from __future__ import annotations
def f(x: List[int]) -> Dict[str, int]:
    pass
v: Optional[int] = None
