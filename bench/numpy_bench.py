#!/usr/bin/env python3
"""The numpy side of bench/compare.sh: figures (a)-(c) of `./transferlab bench` written in plain numpy
(scipy's Cholesky for (c) when present), same sizes, same algorithms, median of repeats after warm-up.

(a) one full-batch GD step of a two-layer ReLU network, THEORY 1.4 as GradientDescentTrainer.step():
    H = X W^T/sqrt(D), A = relu(H), f = A w/(gamma N) - f0, Delta = y - f,
    W += eta gamma/sqrt(D) (w o relu'(H) o Delta)^T X,  w += eta gamma A^T Delta
(b) one particle-DMFT step in weight space as ParticleSolver does it, per group g of M/G particles:
    h = X_I W_g^T/sqrt(D), phi = relu(h), r = y - (phi w_g/(gamma M_g) - f0_g),
    w_g += eta gamma phi^T r,  W_g += eta gamma/sqrt(D) (w_g o relu'(h) o r)^T X_I (backward factor from
    the pre-step w_g, as the solver does)
(c) kernel ridge: Cholesky of K + ridge I (P x P), solve, predict on P_test points (K_test a).

Buffers are preallocated and products written with out= where numpy allows it: this is the fastest
plain numpy we know for these steps, so the ratio is against numpy at its best.
"""
import argparse
import json
import math
import os
import statistics
import time

import numpy as np

try:
    import scipy.linalg as sla
except ImportError:  # plain numpy: Cholesky, then two general solves on the triangular factor
    sla = None


def timed(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def gd_step_bench(p, d, n, warmup, repeats, rng):
    x = rng.standard_normal((p, d))
    y = x[:, 0].copy()
    W = rng.standard_normal((n, d))
    w = rng.standard_normal(n)
    gamma, eta = 1.0, 1e-4
    sd = math.sqrt(d)
    H = np.empty((p, n))
    G = np.empty((p, n))
    f = np.empty(p)
    dW = np.empty((n, d))
    np.matmul(x, W.T, out=H)
    H /= sd
    f0 = np.maximum(H, 0) @ w / (gamma * n)

    def step():
        np.matmul(x, W.T, out=H)
        np.multiply(H, 1.0 / sd, out=H)
        np.maximum(H, 0.0, out=H)                  # A = relu(H), in place
        np.matmul(H, w, out=f)
        np.multiply(f, 1.0 / (gamma * n), out=f)
        np.subtract(f, f0, out=f)
        delta = y - f
        np.greater(H, 0.0, out=G)                  # relu'(H) read from A
        np.multiply(G, w, out=G)
        np.multiply(G, delta[:, None], out=G)
        np.matmul(G.T, x, out=dW)
        np.multiply(dW, eta * gamma / sd, out=dW)
        np.add(W, dW, out=W)
        np.add(w, eta * gamma * (H.T @ delta), out=w)
        return float(delta @ delta) / p

    ms = timed(step, warmup, repeats)
    return {"size": f"P={p} D={d} N={n}", "medianMs": statistics.median(ms), "minMs": min(ms),
            "gflops": (4.0 * p * n * d + 4.0 * p * n) / 1e9 / (statistics.median(ms) / 1e3)}


def dmft_step_bench(m, p, d, groups, warmup, repeats, rng):
    mg = m // groups
    x = rng.standard_normal((p, d))
    y = x[:, 0].copy()
    Ws = [rng.standard_normal((mg, d)) for _ in range(groups)]
    ws = [rng.standard_normal(mg) for _ in range(groups)]
    gamma, eta = 1.0, 1e-3
    sd = math.sqrt(d)
    scale_out = 1.0 / (gamma * mg)
    h = np.empty((p, mg))
    a = np.empty((p, mg))
    out = np.empty(p)
    dW = np.empty((mg, d))
    f0 = [np.maximum(x @ Wg.T / sd, 0) @ wg * scale_out for Wg, wg in zip(Ws, ws)]

    def step():
        loss = 0.0
        for g in range(groups):
            Wg, wg = Ws[g], ws[g]
            np.matmul(x, Wg.T, out=h)
            np.multiply(h, 1.0 / sd, out=h)
            np.maximum(h, 0.0, out=h)              # phi
            np.matmul(h, wg, out=out)
            np.multiply(out, scale_out, out=out)
            r = y - (out - f0[g])
            loss += float(r @ r) / p
            np.greater(h, 0.0, out=a)
            np.multiply(a, wg, out=a)
            np.multiply(a, r[:, None], out=a)
            np.add(wg, eta * gamma * (h.T @ r), out=wg)   # keepW = 1 - eta lambda = 1 (no weight decay)
            np.matmul(a.T, x, out=dW)
            np.multiply(dW, eta * gamma / sd, out=dW)
            np.add(Wg, dW, out=Wg)
        return loss / groups

    ms = timed(step, warmup, repeats)
    return {"size": f"M={m} P={p} D={d} groups={groups}", "medianMs": statistics.median(ms), "minMs": min(ms),
            "gflops": (4.0 * p * m * d + 4.0 * p * m) / 1e9 / (statistics.median(ms) / 1e3)}


def relu_ntk(a, b):
    """Arc-cosine NTK0 = Phi0 + G0 K_x of a ReLU network (THEORY 2.1), as ArcCosineKernels."""
    d = a.shape[1]
    kx = a @ b.T / d
    na = np.sqrt(np.einsum("ij,ij->i", a, a) / d)
    nb = np.sqrt(np.einsum("ij,ij->i", b, b) / d)
    c = np.clip(kx / np.outer(na, nb), -1.0, 1.0)
    theta = np.arccos(c)
    phi0 = np.outer(na, nb) / (2 * np.pi) * (np.sin(theta) + (np.pi - theta) * c)
    g0 = (np.pi - theta) / (2 * np.pi)
    return phi0 + g0 * kx


def krr_bench(p, pt, d, warmup, repeats, rng):
    x = rng.standard_normal((p, d))
    xt = rng.standard_normal((pt, d))
    k = relu_ntk(x, x)
    kt = relu_ntk(xt, x)
    y = x[:, 0].copy()
    ridge = 1e-3
    eye = np.arange(p)

    def run():
        a = k.copy()
        a[eye, eye] += ridge
        if sla is not None:
            c = sla.cho_factor(a, lower=True, overwrite_a=True, check_finite=False)
            coef = sla.cho_solve(c, y, check_finite=False)
        else:
            low = np.linalg.cholesky(a)
            coef = np.linalg.solve(low.T, np.linalg.solve(low, y))
        return kt @ coef

    ms = timed(run, warmup, repeats)
    flops = p ** 3 / 3 + 2.0 * p * p + 2.0 * p * pt
    return {"size": f"P={p} Ptest={pt}", "medianMs": statistics.median(ms), "minMs": min(ms),
            "gflops": flops / 1e9 / (statistics.median(ms) / 1e3),
            "solver": "scipy.linalg.cho_factor/cho_solve" if sla is not None else "numpy.linalg.cholesky + solve"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="a,b,c")
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--gd-size", default="1000,100,4096", help="P,D,N")
    ap.add_argument("--dmft-size", default="4096,1000,2000,100",
                    help="M,P,Q,D as ./transferlab bench takes them (4 groups; Q, the points with the test ones, "
                         "plays no part in a step), or M,P,D")
    ap.add_argument("--krr-size", type=int, default=2000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    only = set(args.only.split(","))
    rng = np.random.default_rng(1)
    cfg = np.show_config(mode="dicts") if hasattr(np, "show_config") else {}
    try:
        blas = cfg["Build Dependencies"]["blas"]["name"]
    except Exception:
        blas = "unknown"
    out = {"numpy": np.__version__, "blas": blas,
           "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "unset"), "figures": {}}
    if "a" in only:
        p, d, n = map(int, args.gd_size.split(","))
        out["figures"]["gdStep"] = gd_step_bench(p, d, n, args.warmup, args.repeats, rng)
    if "b" in only:
        sizes = list(map(int, args.dmft_size.split(",")))
        m, p, d = (sizes[0], sizes[1], sizes[3]) if len(sizes) == 4 else sizes
        out["figures"]["dmftStep"] = dmft_step_bench(m, p, d, 4, args.warmup, args.repeats, rng)
    if "c" in only:
        out["figures"]["kernelRidge"] = krr_bench(args.krr_size, args.krr_size, 100, args.warmup, args.repeats, rng)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"numpy {out['numpy']} ({blas}), OPENBLAS_NUM_THREADS={out['openblasThreads']}")
        for key, f in out["figures"].items():
            print(f"{key:12s} {f['size']:32s} {f['medianMs']:8.1f} ms  {f['gflops']:6.1f} GFLOP/s")


if __name__ == "__main__":
    main()
