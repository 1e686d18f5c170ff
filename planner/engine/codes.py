"""Reason codes of the kernel: integer indices into :data:`planner.hpa.REASONS` and
:data:`planner.ca.REASONS`, derived from those tuples (never copied), so frames, the reference and
the engine agree by construction. Numba reads these module globals as compile-time constants."""

from __future__ import annotations

from planner import ca, hpa

HPA_REASONS: tuple[str, ...] = hpa.REASONS
NODE_REASONS: tuple[str, ...] = ca.REASONS

_H = hpa.REASON_CODE
R_STEADY = _H["Steady"]
R_SCALED_UP = _H["ScaledUp"]
R_SCALED_DOWN = _H["ScaledDown"]
R_WITHIN_TOL = _H["WithinTolerance"]
R_NO_READY = _H["NoReadyPods"]
R_AWAITING = _H["AwaitingReadyPods"]
R_UP_STAB = _H["ScaleUpStabilized"]
R_DOWN_STAB = _H["ScaleDownStabilized"]
R_UP_LIMIT = _H["ScaleUpLimit"]
R_DOWN_LIMIT = _H["ScaleDownLimit"]
R_TOO_MANY = _H["TooManyReplicas"]
R_TOO_FEW = _H["TooFewReplicas"]
R_DISABLED = _H["ScalingDisabled"]
R_CPU_INIT = _H["CPUInitialization"]
N_HPA_REASONS = len(HPA_REASONS)

_N = ca.REASON_CODE
N_STEADY = _N["Steady"]
N_UP = _N["ScaleUp"]
N_DOWN = _N["ScaleDown"]
N_PROV = _N["Provisioning"]
N_DELAY_ADD = _N["ScaleDownDelayAfterAdd"]
N_UNNEEDED_WAIT = _N["ScaleDownUnneededWait"]
N_MAX = _N["MaxNodesReached"]
N_BACKOFF = _N["ScaleUpBackoff"]
