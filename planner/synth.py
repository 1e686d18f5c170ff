"""Deterministic synthetic fleet load: many services, minute resolution, realistic shapes.

Pure: no file access, no clock; all randomness comes from the ``numpy.random.Generator`` passed
to :func:`make_fleet_spec` (templates from real traces are passed in too, see
:func:`planner.traces.shape_templates`).

The model of service ``i`` (times in minutes since the start, minute 0 = Monday 00:00 UTC; the
service's local clock is shifted by ``phase_hours[i]``):

1. **Hourly value** ``V[h, i] = mean_i * daily_i(h) * weekly_i(h) * level_i(h) * (1 + growth_i * h / 8760)``:

   * ``daily_i`` = ``1 + daily_amplitude_i * (T_k[local hour] - 1)`` (at least 0.05), with ``T_k`` the
     hour-of-day template ``template_i`` (the shipped traces' mean shapes, mean 1);
   * ``weekly_i`` = ``1 + weekly_amplitude_i * (W_k[weekday] - 1)``, the day-of-week template linearly
     interpolated between local noon of consecutive days;
   * ``level_i`` = day-to-day wander: a log-AR(1) per local day (coefficient :data:`LEVEL_AR`, standard
     deviation ``level_sigma_i``, mean 1), interpolated between noons likewise;
   * ``growth_i``: linear growth per year [fraction].
2. **Minute value (smooth)**: knots at hour boundaries are the mean of the two neighbouring hourly
   values; minute ``j`` of hour ``h`` is interpolated linearly at its midpoint
   (``knot[h] + (knot[h+1] - knot[h]) * (j + 0.5) / 60``). This keeps hourly means within a few
   percent of ``V`` and avoids steps at the hour.
3. **Flash crowds**: Poisson events per service (``spike_rate_per_day``), each adding
   ``peak * min(1, t / rise) * exp(-max(0, t - rise) / decay)`` requests/s for ``t`` minutes after its
   start (cut at ``rise + 8 * decay``), with ``peak`` a multiple of the service mean.
4. **Per-minute noise**: multiply by ``1 + noise_frac_i * sqrt(3) * (2u - 1)`` with ``u`` uniform, i.e.
   zero-mean noise of standard deviation ``noise_frac_i`` (uniform, not Gaussian: a normal draw costs
   6x more and the benchmark draws 525 million of them). ``noise_frac_i`` combines a burstiness floor
   with the Poisson counting noise of the service's mean rate.

**Chunk invariance.** :func:`fleet_load_chunk` computes every element from its own minute index only:
the smooth part from the hour's knots, the noise from a random stream per hour
(``SeedSequence(noise_seed, spawn_key=(hour,))``), the spikes from the event list in a fixed order.
The values are therefore bit-identical whatever the chunking (tested).

Cost: about 2 ns per value (1,000 services x a year of minutes = 525.6 million values in ~1.5 s on
the benchmark machine), all in vectorized numpy; the only Python loops run over hours of a chunk
(noise streams) and over the spike events that touch it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 1440
MINUTES_PER_YEAR = 525_600  # 365 days
HOURS_PER_YEAR = 8760
LEVEL_AR = 0.6  # day-to-day correlation of the level wander (AWS ELB daily totals: CV 0.18)
SPIKE_CUTOFF_DECAYS = 8.0  # a spike ends rise + 8 decay constants after its start (exp(-8) = 0.03 %)
MIN_DAILY_FACTOR = 0.05  # the daily shape never drops below 5 % of the mean
_SQRT3 = float(np.sqrt(3.0))
#: midpoint of minute j of an hour as a fraction of the hour, float32 (one constant for every chunk)
_MINUTE_FRAC = ((np.arange(MINUTES_PER_HOUR) + 0.5) / MINUTES_PER_HOUR).astype(np.float32)


@dataclass(frozen=True)
class ShapeTemplates:
    """Load shape templates: ``hour_of_day[k]`` (24 values) and ``day_of_week[k]`` (7, Monday first),
    each with mean 1. Build from the shipped traces with :func:`planner.traces.shape_templates`."""

    names: tuple[str, ...]
    hour_of_day: np.ndarray  #: [templates, 24], mean 1
    day_of_week: np.ndarray  #: [templates, 7], Monday first, mean 1

    def __post_init__(self) -> None:
        hod = np.asarray(self.hour_of_day, dtype=float)
        dow = np.asarray(self.day_of_week, dtype=float)
        k = len(self.names)
        if k == 0:
            raise ValueError("ShapeTemplates: at least one template is needed")
        if hod.shape != (k, 24):
            raise ValueError(f"ShapeTemplates.hour_of_day: expected shape ({k}, 24); got {hod.shape}")
        if dow.shape != (k, 7):
            raise ValueError(f"ShapeTemplates.day_of_week: expected shape ({k}, 7); got {dow.shape}")
        if not (np.isfinite(hod).all() and np.isfinite(dow).all() and (hod > 0).all() and (dow > 0).all()):
            raise ValueError("ShapeTemplates: template values must be finite and > 0")
        # normalize so "mean 1" holds exactly whatever rounding the source file had
        object.__setattr__(self, "hour_of_day", hod / hod.mean(axis=1, keepdims=True))
        object.__setattr__(self, "day_of_week", dow / dow.mean(axis=1, keepdims=True))


@dataclass(frozen=True)
class FleetSpec:
    """A generated fleet: per-service parameter arrays (length ``n_services``), the flash-crowd events,
    the seed of the noise streams, and the precomputed hourly knots. Build with :func:`make_fleet_spec`."""

    n_services: int
    n_minutes: int  #: horizon [minutes]
    template_names: tuple[str, ...]
    mean_requests_per_s: np.ndarray  #: [services] scale: mean load before growth [requests/s]
    template: np.ndarray  #: [services] index into the templates
    phase_hours: np.ndarray  #: [services] local clock shift [h] (time zones, evening/night services)
    daily_amplitude: np.ndarray  #: [services] 1 = the template's daily swing, 0 = flat
    weekly_amplitude: np.ndarray  #: [services] 1 = the template's weekly swing, 0 = flat
    level_sigma: np.ndarray  #: [services] std of the day-to-day log level
    growth_frac_per_year: np.ndarray  #: [services] linear growth [fraction per year]
    noise_frac: np.ndarray  #: [services] std of per-minute multiplicative noise [fraction]
    spike_service: np.ndarray  #: [events] service index, events sorted by start
    spike_start_minute: np.ndarray  #: [events]
    spike_peak_requests_per_s: np.ndarray  #: [events] added at the spike's top [requests/s]
    spike_rise_minutes: np.ndarray  #: [events]
    spike_decay_minutes: np.ndarray  #: [events] e-folding time of the decay [minutes]
    noise_seed: int
    knots: np.ndarray = field(repr=False)  #: [hours + 1, services] float32, load at hour boundaries [requests/s]
    slopes: np.ndarray = field(repr=False)  #: [hours, services] float32, knots[h + 1] - knots[h]

    @property
    def n_hours(self) -> int:
        """Hours covered (the last one may be partial)."""
        return -(-self.n_minutes // MINUTES_PER_HOUR)

    @property
    def spike_end_minute(self) -> np.ndarray:
        """[events] first minute after each spike's cut-off."""
        return self.spike_start_minute + np.ceil(
            self.spike_rise_minutes + SPIKE_CUTOFF_DECAYS * self.spike_decay_minutes).astype(np.int64)

    def service_names(self) -> list[str]:
        """``svc0000``, ``svc0001``, ..."""
        width = max(4, len(str(self.n_services - 1)))
        return [f"svc{i:0{width}d}" for i in range(self.n_services)]

    def params_frame(self) -> pd.DataFrame:
        """One row per service with its parameters (and the number of flash crowds)."""
        return pd.DataFrame({
            "service": self.service_names(),
            "mean_requests_per_s": self.mean_requests_per_s,
            "template": [self.template_names[k] for k in self.template],
            "phase_hours": self.phase_hours,
            "daily_amplitude": self.daily_amplitude,
            "weekly_amplitude": self.weekly_amplitude,
            "level_sigma": self.level_sigma,
            "growth_frac_per_year": self.growth_frac_per_year,
            "noise_frac": self.noise_frac,
            "spikes": np.bincount(self.spike_service, minlength=self.n_services),
        })


def _noon_weights(local_hours: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each local hour index, the day whose noon precedes the hour's middle and the linear weight of
    the next day (day 0 starts at local hour 0; indices may be -1 before the first noon)."""
    x = (local_hours + 0.5) / 24.0 - 0.5  # position in days relative to the noon of day 0
    d0 = np.floor(x).astype(np.int64)
    return d0, (x - d0)[:, None]


def make_fleet_spec(n_services: int, n_minutes: int, rng: np.random.Generator, templates: ShapeTemplates, *,
                    median_requests_per_s: float = 20.0, scale_sigma: float = 1.0,
                    spike_rate_per_day: float = 1.0 / 14.0, start_weekday: int = 0) -> FleetSpec:
    """Draw a fleet of ``n_services`` services over ``n_minutes`` minutes.

    Parameters
    ----------
    n_services : services [count], >= 1.
    n_minutes : horizon [minutes], >= 1 (525,600 = a year).
    rng : the only source of randomness; the same generator state gives the same fleet.
    templates : hour-of-day and day-of-week shapes (e.g. :func:`planner.traces.shape_templates`).
    median_requests_per_s : median over services of the mean load [requests/s]; per-service means
        are log-normal with ``scale_sigma`` (a few large services, many small ones).
    spike_rate_per_day : expected flash crowds per service per day (default one per two weeks).
    start_weekday : weekday of minute 0 (0 = Monday).
    """
    if n_services < 1:
        raise ValueError(f"n_services: must be >= 1; got {n_services}")
    if n_minutes < 1:
        raise ValueError(f"n_minutes: must be >= 1; got {n_minutes}")
    if median_requests_per_s <= 0 or scale_sigma < 0 or spike_rate_per_day < 0:
        raise ValueError("median_requests_per_s must be > 0, scale_sigma and spike_rate_per_day >= 0")
    if not 0 <= start_weekday <= 6:
        raise ValueError(f"start_weekday: must be 0 (Monday) .. 6; got {start_weekday}")
    s = n_services
    n_templates = len(templates.names)

    # --- per-service parameters (drawn in a fixed order: the fleet depends only on the rng state)
    mean = np.clip(median_requests_per_s * np.exp(scale_sigma * rng.standard_normal(s)),
                   0.01 * median_requests_per_s, 100.0 * median_requests_per_s)
    template = rng.integers(0, n_templates, s)
    phase = rng.integers(-3, 4, s) + np.where(rng.random(s) < 0.15, 12, 0)  # 15 % evening/night services
    daily_amp = rng.uniform(0.6, 1.3, s)
    weekly_amp = rng.uniform(0.3, 1.2, s)
    level_sigma = rng.uniform(0.05, 0.25, s)
    growth = np.clip(rng.normal(0.15, 0.2, s), -0.5, 2.0)
    burst = rng.uniform(0.02, 0.08, s)
    noise_frac = np.minimum(np.sqrt(burst**2 + 1.0 / (MINUTES_PER_HOUR * mean)), 0.5)

    # --- flash crowds
    days = n_minutes / MINUTES_PER_DAY
    counts = rng.poisson(spike_rate_per_day * days, s)
    n_ev = int(counts.sum())
    ev_service = np.repeat(np.arange(s), counts)
    ev_start = rng.integers(0, n_minutes, n_ev)
    ev_peak = mean[ev_service] * np.clip(np.exp(np.log(2.0) + 0.6 * rng.standard_normal(n_ev)), 0.5, 10.0)
    ev_rise = rng.uniform(2.0, 15.0, n_ev)
    ev_decay = rng.uniform(15.0, 120.0, n_ev)
    order = np.lexsort((ev_service, ev_start))
    noise_seed = int(rng.integers(0, 2**63 - 1))

    # --- hourly values V[h, i]; services sharing a (template, phase) share the local clock, so the
    # hour-of-day and noon-to-noon interpolation are row operations per group (no per-element gather)
    n_hours = -(-n_minutes // MINUTES_PER_HOUR)
    h = np.arange(n_hours)
    first_day = int(np.floor((phase.min()) / 24)) - 1  # local day index of row 0 of the day arrays
    n_days = (n_hours + int(phase.max()) - 1) // 24 - first_day + 2
    day_idx = np.arange(first_day, first_day + n_days)
    dow = (day_idx + start_weekday) % 7
    week_days = templates.day_of_week[template][:, dow].T  # [days, s]
    eps = rng.standard_normal((n_days, s))
    log_level = np.empty((n_days, s))
    log_level[0] = level_sigma * eps[0]
    innov = np.sqrt(1.0 - LEVEL_AR**2) * level_sigma
    for d in range(1, n_days):  # sequential over days (at most a few hundred), vectorized over services
        log_level[d] = LEVEL_AR * log_level[d - 1] + innov * eps[d]
    # weekly swing x day level, per local day, mean 1 each
    factor_days = (1.0 + weekly_amp * (week_days - 1.0)) * np.exp(log_level - 0.5 * level_sigma**2)
    del week_days, log_level, eps
    values = np.empty((n_hours, s))
    trend = h[:, None] / HOURS_PER_YEAR
    for k in range(n_templates):
        for p in np.unique(phase):
            cols = np.flatnonzero((template == k) & (phase == p))
            if cols.size == 0:
                continue
            local = h + p
            tmpl = templates.hour_of_day[k][local % 24][:, None]
            daily = np.maximum(1.0 + daily_amp[cols] * (tmpl - 1.0), MIN_DAILY_FACTOR)
            d0, f = _noon_weights(local)
            fd = factor_days[:, cols]
            factor = fd[d0 - first_day] * (1.0 - f) + fd[d0 + 1 - first_day] * f
            values[:, cols] = daily * factor * mean[cols] * (1.0 + growth[cols] * trend)

    knots = np.empty((n_hours + 1, s), dtype=np.float32)
    knots[0] = values[0]
    knots[n_hours] = values[-1]
    knots[1:n_hours] = 0.5 * (values[:-1] + values[1:])
    del values
    slopes = knots[1:] - knots[:-1]

    return FleetSpec(
        n_services=s, n_minutes=n_minutes, template_names=tuple(templates.names),
        mean_requests_per_s=mean, template=template, phase_hours=phase, daily_amplitude=daily_amp,
        weekly_amplitude=weekly_amp, level_sigma=level_sigma, growth_frac_per_year=growth, noise_frac=noise_frac,
        spike_service=ev_service[order], spike_start_minute=ev_start[order].astype(np.int64),
        spike_peak_requests_per_s=ev_peak[order], spike_rise_minutes=ev_rise[order],
        spike_decay_minutes=ev_decay[order], noise_seed=noise_seed, knots=knots, slopes=slopes)


def _spike_values(spec: FleetSpec, e: int, minutes: np.ndarray) -> np.ndarray:
    """Requests/s added by event ``e`` at the middle of the given minutes (float32)."""
    t = (minutes - spec.spike_start_minute[e]) + 0.5
    rise = spec.spike_rise_minutes[e]
    shape = np.minimum(1.0, t / rise) * np.exp(-np.maximum(0.0, t - rise) / spec.spike_decay_minutes[e])
    return (spec.spike_peak_requests_per_s[e] * shape).astype(np.float32)


def fleet_load_chunk(spec: FleetSpec, start_minute: int, stop_minute: int) -> np.ndarray:
    """Load of every service for minutes ``[start_minute, stop_minute)`` [requests/s].

    Returns a C-contiguous float32 array ``[stop_minute - start_minute, n_services]``. The values do not
    depend on the chunking: concatenated chunks equal one call over the whole range, bit for bit."""
    if not 0 <= start_minute <= stop_minute <= spec.n_minutes:
        raise ValueError(f"minutes [{start_minute}, {stop_minute}) outside the horizon [0, {spec.n_minutes})")
    s = spec.n_services
    if stop_minute == start_minute:
        return np.empty((0, s), dtype=np.float32)
    h0 = start_minute // MINUTES_PER_HOUR
    h1 = -(-stop_minute // MINUTES_PER_HOUR)
    nh = h1 - h0
    # smooth part on the hour-aligned superset of the chunk: (hours, 60, services)
    buf = spec.slopes[h0:h1, None, :] * _MINUTE_FRAC[None, :, None]
    buf += spec.knots[h0:h1, None, :]
    # flash crowds (events in start order, so additions happen in the same order for every chunking)
    lo_min, hi_min = h0 * MINUTES_PER_HOUR, h1 * MINUTES_PER_HOUR
    flat = buf.reshape(nh * MINUTES_PER_HOUR, s)
    n_ev = spec.spike_start_minute.size
    if n_ev:
        upto = int(np.searchsorted(spec.spike_start_minute, hi_min, side="left"))
        ends = spec.spike_end_minute[:upto]
        for e in np.flatnonzero(ends > lo_min):
            a = max(int(spec.spike_start_minute[e]), lo_min)
            b = min(int(ends[e]), hi_min)
            minutes = np.arange(a, b)
            flat[a - lo_min:b - lo_min, spec.spike_service[e]] += _spike_values(spec, e, minutes)
    # multiplicative noise, one stream per hour: (1 - sqrt3*sigma) + (2*sqrt3*sigma) * u
    scale = (2.0 * _SQRT3 * spec.noise_frac).astype(np.float32)
    offset = (1.0 - _SQRT3 * spec.noise_frac).astype(np.float32)
    u = np.empty((MINUTES_PER_HOUR, s), dtype=np.float32)
    for j, hour in enumerate(range(h0, h1)):
        gen = np.random.Generator(np.random.PCG64(np.random.SeedSequence(spec.noise_seed, spawn_key=(hour,))))
        gen.random(dtype=np.float32, out=u)
        u *= scale
        u += offset
        buf[j] *= u
    np.maximum(flat, 0.0, out=flat)
    a = start_minute - lo_min
    return flat[a:a + (stop_minute - start_minute)]  # a row slice of a C-contiguous array stays contiguous


def iter_fleet_load(spec: FleetSpec, chunk_minutes: int = MINUTES_PER_DAY):
    """Yield ``(start_minute, chunk)`` over the whole horizon, ``chunk_minutes`` at a time."""
    if chunk_minutes < 1:
        raise ValueError(f"chunk_minutes: must be >= 1; got {chunk_minutes}")
    for a in range(0, spec.n_minutes, chunk_minutes):
        yield a, fleet_load_chunk(spec, a, min(a + chunk_minutes, spec.n_minutes))


def fleet_load(spec: FleetSpec) -> np.ndarray:
    """The whole ``[n_minutes, n_services]`` float32 array (small fleets only: a year of 1,000 services
    is 2.1 GB; use :func:`fleet_load_chunk` or :func:`iter_fleet_load` instead)."""
    return fleet_load_chunk(spec, 0, spec.n_minutes)


def fleet_peak_and_mean(spec: FleetSpec, chunk_minutes: int = MINUTES_PER_DAY) -> tuple[np.ndarray, np.ndarray]:
    """Per service, the peak and the mean of the minute load over the horizon [requests/s] (one pass)."""
    peak = np.zeros(spec.n_services, dtype=np.float32)
    total = np.zeros(spec.n_services, dtype=np.float64)
    for _, chunk in iter_fleet_load(spec, chunk_minutes):
        np.maximum(peak, chunk.max(axis=0), out=peak)
        total += chunk.sum(axis=0, dtype=np.float64)
    return peak.astype(np.float64), total / spec.n_minutes


def hourly_profiles(spec: FleetSpec, chunk_minutes: int = MINUTES_PER_DAY) -> np.ndarray:
    """Hourly mean load ``[hours, services]`` [requests/s] (complete hours only), e.g. to build a
    :class:`planner.scenario.Scenario` from a small synthetic fleet."""
    n_full = spec.n_minutes // MINUTES_PER_HOUR
    out = np.empty((n_full, spec.n_services))
    chunk_minutes = max(MINUTES_PER_HOUR, chunk_minutes - chunk_minutes % MINUTES_PER_HOUR)
    for a, chunk in iter_fleet_load(spec, chunk_minutes):
        hours = chunk.shape[0] // MINUTES_PER_HOUR
        h0 = a // MINUTES_PER_HOUR
        hours = min(hours, n_full - h0)
        if hours > 0:
            out[h0:h0 + hours] = chunk[:hours * MINUTES_PER_HOUR].reshape(hours, MINUTES_PER_HOUR, -1).mean(
                axis=1, dtype=np.float64)
    return out
