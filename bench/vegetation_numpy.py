"""numpy reference for bench/vegetation.ts: the per-pixel Theil-Sen slope + Mann-Kendall test
of an annual int16 MODIS-convention NPP stack (DN x 0.1 g C m-2 a-1; DN outside -30000..32700 is
no data), vectorized the way a numpy user would write it, processed in row strips:
  complete pixels: all 55 pair differences at once as a (55, P) array, S = sum(sign),
  slope = np.median(axis=0) (measured faster than a pixel-major (P, 55) layout),
  Var(S) tie correction from the (N, N, P) equality counts; gapped pixels (>= MIN_COUNT valid
  years): the same with NaN and np.nanmedian/np.nansum; p = erfc(|Z|/sqrt 2) through math.erfc
  on the unique |Z| values (numpy has no erfc and scipy is not installed).
Writes slope/z/p (float32) and class (int8) TIFFs with tifffile plus counts.json.
Usage: vegetation_numpy.py OUTDIR ALPHA FILE_YYYY.tif ..."""
import json, math, os, re, sys
import numpy as np
import tifffile

out_dir, alpha, files = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
MIN_COUNT = 5
years = np.array([int(re.search(r"(?<![0-9])((?:19|20)\d{2})(?![0-9])", os.path.basename(f)).group(1)) for f in files], dtype=np.float64)
order = np.argsort(years)
years = years[order]
files = [files[i] for i in order]
stack = np.stack([tifffile.imread(f) for f in files])  # (N, H, W) int16
N, H, W = stack.shape
ii, jj = np.triu_indices(N, 1)
dt = (years[jj] - years[ii])[:, None]

slope_out = np.full((H, W), np.nan, np.float32)
z_out = np.full((H, W), np.nan, np.float32)
p_out = np.full((H, W), np.nan, np.float32)
cls_out = np.full((H, W), -128, np.int8)


def var_s(x, n):
    # t = size of the tie group of each element; sum over elements of (t-1)(2t+5) = sum over groups of t(t-1)(2t+5)
    eq = (x[:, None, :] == x[None, :, :]).sum(axis=1)  # NaN never equals: missing values form no group
    corr = np.where(np.isnan(x), 0, (eq - 1) * (2 * eq + 5)).sum(axis=0)
    return (n * (n - 1) * (2 * n + 5) - corr) / 18.0


STRIP = 128
for r0 in range(0, H, STRIP):
    r1 = min(H, r0 + STRIP)
    dn = stack[:, r0:r1, :].reshape(N, -1)
    valid = (dn >= -30000) & (dn <= 32700)
    x = np.where(valid, dn * 0.1, np.nan)
    count = valid.sum(axis=0)
    slope = np.full(x.shape[1], np.nan)
    S = np.zeros(x.shape[1])
    V = np.zeros(x.shape[1])
    full = count == N
    xf = x[:, full]
    d = xf[jj] - xf[ii]  # (55, P); measured faster than a pixel-major (P, 55) layout for np.median here
    S[full] = np.sign(d).sum(axis=0)
    slope[full] = np.median(d / dt, axis=0)
    V[full] = var_s(xf, N)
    gap = (count >= MIN_COUNT) & ~full
    if gap.any():
        xg = x[:, gap]
        dg = xg[jj] - xg[ii]
        S[gap] = np.nansum(np.sign(dg), axis=0)
        slope[gap] = np.nanmedian(dg / dt, axis=0)
        V[gap] = var_s(xg, count[gap])
    ok = count >= MIN_COUNT
    sd = np.sqrt(np.where(V > 0, V, 1))
    Z = np.where(V > 0, np.where(S > 0, (S - 1) / sd, np.where(S < 0, (S + 1) / sd, 0.0)), 0.0)
    uz, inv = np.unique(np.abs(Z), return_inverse=True)
    p = np.array([math.erfc(v / math.sqrt(2)) for v in uz])[inv]
    cls = np.where(p < alpha, np.sign(slope), 0).astype(np.int8)
    cls[~ok] = -128
    shape = (r1 - r0, W)
    slope_out[r0:r1] = np.where(ok, slope, np.nan).reshape(shape)
    z_out[r0:r1] = np.where(ok, Z, np.nan).reshape(shape)
    p_out[r0:r1] = np.where(ok, p, np.nan).reshape(shape)
    cls_out[r0:r1] = cls.reshape(shape)

os.makedirs(out_dir, exist_ok=True)
for name, arr in (("slope", slope_out), ("z", z_out), ("p", p_out), ("class", cls_out)):
    tifffile.imwrite(os.path.join(out_dir, name + ".tif"), arr)
slope_out.astype("<f4").tofile(os.path.join(out_dir, "slope.f32"))  # raw, for the agreement check
counts = {"increase": int((cls_out == 1).sum()), "noChange": int((cls_out == 0).sum()), "decrease": int((cls_out == -1).sum()), "noData": int((cls_out == -128).sum())}
with open(os.path.join(out_dir, "counts.json"), "w") as fh:
    json.dump(counts, fh)
