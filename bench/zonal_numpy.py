"""numpy reference for bench/zonal.ts: yearly per-zone totals (t C) of MODIS-convention int16
NPP rasters, given a uint8 zone raster (0 = outside). Pixel areas: exact WGS84 lat/lon cell
area per row (same formula as src/vegetation/area.ts). Usage: zonal_numpy.py ZONES OUT.json NPP..."""
import json, sys
import numpy as np
import tifffile

zones_file, out_file, files = sys.argv[1], sys.argv[2], sys.argv[3:]
with tifffile.TiffFile(zones_file) as t:
    zones = t.pages[0].asarray()
    tags = t.pages[0].tags
    sx, sy = tags[33550].value[:2]
    oy = tags[33922].value[4]
h, w = zones.shape
a, f = 6378137.0, 1 / 298.257223563
b = a * (1 - f)
e = np.sqrt(f * (2 - f))
def q(lat):
    s = np.sin(np.radians(lat))
    return 0.5 * (s / (1 - e * e * s * s) + np.log((1 + e * s) / (1 - e * s)) / (2 * e))
north = oy - np.arange(h) * sy
row_area = b * b * np.radians(sx) * (q(north) - q(north - sy)) / 1e6
area = np.broadcast_to(row_area[:, None], (h, w)).ravel()
z = zones.ravel().astype(np.intp)
nz = int(z.max())
totals = []
for fn in files:
    dn = tifffile.imread(fn).ravel()
    valid = (dn >= -30000) & (dn <= 32700) & (z > 0)
    v = dn.astype(np.float64) * 0.1 * area
    totals.append(np.bincount(z[valid], weights=v[valid], minlength=nz + 1)[1:])
json.dump(np.array(totals).T.tolist(), open(out_file, "w"))
