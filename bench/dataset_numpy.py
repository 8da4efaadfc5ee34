"""Reference implementation (numpy/pandas) of the demo regionalization (src/demo/economy.ts,
regionalizeMrio with its defaults), for `npm run bench dataset`: builds the five demo MRIO
tables from the committed CSVs and prints per-year checksums that the TypeScript run prints too.
Usage: python3 bench/dataset_numpy.py DATA_DIR"""
import sys
import numpy as np
import pandas as pd

data = sys.argv[1]
YEARS = [2007, 2010, 2012, 2015, 2017]
FU = ["FU101", "FU102", "FU103", "FU201", "FU202"]
VA = ["VA001", "VA002", "VA003", "VA004"]
sectors = [f"{i:02d}" for i in range(1, 43)]
names = list(pd.read_csv(f"{data}/regions.csv").name_en)
caps = pd.read_csv(f"{data}/demo/province-capitals.csv", comment="#").set_index("name_en").loc[names]
em = pd.read_csv(f"{data}/emissions/ceads-province-sector.csv", dtype={"sector_code": str})
m, n = len(names), len(sectors)
lon, lat = np.radians(caps.lon.values), np.radians(caps.lat.values)
hav = np.sin((lat[:, None] - lat[None, :]) / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2
d = 2 * 6371.0088 * np.arcsin(np.minimum(1, np.sqrt(hav)))
np.fill_diagonal(d, 50.0)
K = d ** -1.0
K[np.diag_indices(m)] *= 8.0


def ras(t, rows, cols, tol=1e-12, maxit=10000):
    total = rows.sum()
    for _ in range(maxit):
        s = t.sum(1)
        t *= np.where(s > 0, rows / np.where(s > 0, s, 1), 0)[:, None]
        c = t.sum(0)
        t *= np.where(c > 0, cols / np.where(c > 0, c, 1), 0)[None, :]
        if np.abs(t.sum(1) - rows).max() <= tol * total:
            return t
    raise RuntimeError("RAS did not converge")


wts = ((np.arange(m * n)[:, None] * 31 + np.arange(m * n)[None, :]) % 97).astype(float)
for year in YEARS:
    t = pd.read_csv(f"{data}/national-io/china-io-{year}-42.csv", dtype={"Code": str}).set_index("Code")
    Z = t.loc[sectors, sectors].values.astype(float)
    F = t.loc[sectors, FU].values.astype(float)
    EX, IM, x = (t.loc[sectors, c].values.astype(float) for c in ["EX", "IM", "GO"])
    V = t.loc[VA, sectors].values.astype(float)
    use = Z.sum(1) + F.sum(1)
    msh = np.clip(np.where(use > 0, IM / np.where(use > 0, use, 1), 0), 0, 1)
    Zd = (1 - msh)[:, None] * Z
    Yd = (1 - msh)[:, None] * F
    Yd[:, 4] = x - EX - Zd.sum(1) - Yd[:, :4].sum(1)
    e = em[(em.year == year) & (em.is_household == 0)].pivot(index="province", columns="sector_code", values="scope1_total_mt").reindex(index=names, columns=sectors)
    missing = e.isna().all(axis=1).values
    e = e.fillna(0).values
    keep = 1 - 0.0015 * missing.sum()
    E, ei = e.sum(1), e.sum(0)
    w = np.where(ei > 0, 0.1, 1.0)
    share = keep * ((1 - w) * np.where(ei > 0, e / np.where(ei > 0, ei, 1), 0) + w * (E / E.sum())[:, None])
    share[missing, :] = 0.0015
    xr = share * x
    a = Zd / np.where(x > 0, x, 1)[None, :] * (x > 0)[None, :]
    g = (xr * np.where(x > 0, V.sum(0) / np.where(x > 0, x, 1), 0)).sum(1)
    g /= g.sum()
    supply = share * (x - EX - Yd[:, 4])
    demand = xr @ a.T + g[:, None] * Yd[:, :4].sum(1)[None, :]
    Zout = np.zeros((m, n, m, n))
    for i in range(n):
        if supply[:, i].sum() <= 0:
            continue
        T = ras(np.maximum(supply[:, i], 0)[:, None] * demand[:, i][None, :] * K, supply[:, i], demand[:, i])
        f = T / np.where(demand[:, i] > 0, demand[:, i], 1)[None, :]
        Zout[:, i, :, :] = f[:, :, None] * (a[i, :][None, None, :] * xr[None, :, :])
    Zf = Zout.reshape(m * n, m * n)
    print(f"{year} {Zf.sum():.12e} {(Zf * wts).sum():.12e}")
