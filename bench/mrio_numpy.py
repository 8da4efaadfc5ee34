"""Reference implementation of `carbon-ledger mrio accounts|flows` in numpy + pandas.

Replicates pymrio's formulas (pymrio/tools/iomath.py: calc_x, calc_A, calc_L, calc_S, calc_M,
calc_accounts; Extension.calc_system for the region totals) without importing pymrio, which is
not installable here. Used by bench/mrio.ts (timing baseline) and by test/mrio (agreement to
the last digit). Usage:
  python3 mrio_numpy.py accounts --mrio DIR --out DIR
  python3 mrio_numpy.py flows --mrio DIR --out DIR [--stressor INDEX]
"""
import argparse
import os

import numpy as np
import pandas as pd


def read(d, name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return None
    return pd.read_csv(p, header=[0, 1], index_col=[0, 1])


def recip(x):
    with np.errstate(divide="ignore"):
        r = 1.0 / x
    r[np.isinf(r)] = 0.0  # pymrio: 1/0 -> 0
    return r


def diagonalize_blocks(arr, blocksize):
    nr_col = arr.shape[1]
    nr_row = arr.shape[0]
    out = np.zeros((nr_row, blocksize * nr_col))
    for s in range(nr_col):
        for b in range(nr_row // blocksize):
            rows = slice(b * blocksize, (b + 1) * blocksize)
            out[rows, s * blocksize:(s + 1) * blocksize][np.diag_indices(blocksize)] = arr[rows, s]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["accounts", "flows"])
    ap.add_argument("--mrio", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stressor", type=int, default=0)
    a = ap.parse_args()
    Z = read(a.mrio, "Z.csv")
    Y = read(a.mrio, "Y.csv")
    F = read(a.mrio, "F.csv")
    F_Y = read(a.mrio, "F_Y.csv")
    os.makedirs(a.out, exist_ok=True)
    regions = Z.index.get_level_values(0).unique()
    n = len(Z.index) // len(regions)
    # calc_x: row sums of [Z Y]
    xv = np.sum(np.hstack((Z.values, Y.values)), 1)
    rx = recip(xv)
    A = Z * rx  # calc_A: Z · diag(1/x)
    I = np.eye(A.shape[0])
    Y_agg = Y.T.groupby(level="region", sort=False).sum().T
    if a.command == "accounts":
        L = pd.DataFrame(np.linalg.inv(I - A.values), index=A.index, columns=A.columns)  # calc_L
        S = F * rx  # calc_S
        M = S.dot(L)  # calc_M
        Y_diag = diagonalize_blocks(Y_agg.values, n)
        x_diag = L.values.dot(Y_diag)
        x_tot = x_diag.sum(1)
        D_cba = pd.DataFrame(S.values.dot(x_diag), index=S.index, columns=S.columns)
        D_pba = pd.DataFrame(S.values * x_tot.reshape((1, -1)), index=S.index, columns=S.columns)
        x_trade = x_diag.copy()
        for b in range(len(regions)):
            x_trade[b * n:(b + 1) * n, b * n:(b + 1) * n] = 0
        D_imp = pd.DataFrame(S.values.dot(x_trade), index=S.index, columns=S.columns)
        x_exp = x_trade.sum(1)
        D_exp = pd.DataFrame(S.values * x_exp.reshape((1, -1)), index=S.index, columns=S.columns)
        reg = lambda D: D.T.groupby(level="region", sort=False).sum().T
        F_Y_agg = reg(F_Y) if F_Y is not None else 0
        x = pd.DataFrame(xv, index=Z.index, columns=["indout"])
        out = dict(x=x, A=A, L=L, S=S, M=M, D_cba=D_cba, D_pba=D_pba, D_imp=D_imp, D_exp=D_exp,
                   D_cba_reg=reg(D_cba) + F_Y_agg, D_pba_reg=reg(D_pba) + F_Y_agg,
                   D_imp_reg=reg(D_imp), D_exp_reg=reg(D_exp))
        for k, v in out.items():
            v.to_csv(os.path.join(a.out, k + ".csv"))
    else:
        f = F.values[a.stressor] * rx
        X = np.linalg.solve(I - A.values, Y_agg.values)  # L·Y_agg without forming L
        m = len(regions)
        E = (f[:, None] * X).reshape(m, n, m).sum(1)  # E[r<-s]
        flows = pd.DataFrame(E, index=pd.Index(regions, name="origin"), columns=regions)
        off = E - np.diag(np.diag(E))
        t = pd.DataFrame({"inflow": off.sum(0), "outflow": off.sum(1)}, index=pd.Index(regions, name="region"))
        t["net"] = t["inflow"] - t["outflow"]
        flows.to_csv(os.path.join(a.out, "flows.csv"))
        t.to_csv(os.path.join(a.out, "transfers.csv"))


if __name__ == "__main__":
    main()
