"""Locating incidents in the published kernel density raster by peeling kernels.

kde.tif holds, at every cell centre, sum_i k_i K(d_i) with a known kernel and bandwidth h
(run.json kde; engine/density/kde.hpp): quartic K(d) = 3/(pi h^2) (1 - d^2/h^2)^2 for d < h, or
a Gaussian of sd h truncated at 4h. Where only one kernel reaches a set of cells, their values
determine its centre: for the quartic
    sqrt(v) = sqrt(kA) - (sqrt(kA)/h^2) ((x-px)^2 + (y-py)^2)
is linear in (x^2+y^2, x, y, 1), so a least-squares fit gives (px, py) and k (incidents at
that point, A = 3/(pi h^2)); for the Gaussian ln v is linear in the same terms. A fit is
accepted when it reproduces the cells to 1e-6 of a kernel's height and subtracting it leaves
no negative density; it is then subtracted ("peeled") and the rest looked at again:
- a connected patch of non-zero cells that one kernel explains is an isolated incident;
- otherwise the cells near the patch's extreme point in 16 directions are tried (the outermost
  kernel alone reaches there).

    pts = locate_incidents("out/demo/kde.tif", bandwidth_m=305.7, kernel="quartic")
    # [(x, y, k, residual), ...] in the raster's CRS
"""

import math

import numpy as np
from scipy import ndimage


def read_raster(path):
    from osgeo import gdal
    ds = gdal.Open(path)
    if ds is None:
        raise OSError("%s: cannot open" % path)
    band = ds.GetRasterBand(1)
    arr = band.ReadAsArray().astype(float)
    # Cells outside the gemeente may be nodata: no density was published there, so the
    # adversary sees nothing (0), never the nodata value itself as a density.
    nodata = band.GetNoDataValue()
    if nodata is not None and np.isfinite(nodata):
        arr[arr == nodata] = 0.0
    arr[~np.isfinite(arr)] = 0.0  # a NaN nodata value
    return arr, ds.GetGeoTransform()


def _centres(gt, shape):
    ny, nx = shape
    xs = gt[0] + (np.arange(nx) + 0.5) * gt[1]
    ys = gt[3] + (np.arange(ny) + 0.5) * gt[5]
    return xs, ys


def _fit(xs, ys, v, h, kernel, amp):
    """(px, py, k, max abs residual / (k amp)) of one kernel through points (xs, ys, v)."""
    if len(v) < 6:
        return None
    x0, y0 = xs.mean(), ys.mean()
    x, y = xs - x0, ys - y0
    design = np.column_stack([x * x + y * y, x, y, np.ones_like(x)])
    if kernel == "quartic":
        target = np.sqrt(v)
    else:
        target = np.log(v)
    coef, *_ = np.linalg.lstsq(design, target, rcond=None)
    a2, a1x, a1y, a0 = coef
    if not a2 < 0:
        return None
    px = -a1x / (2 * a2)
    py = -a1y / (2 * a2)
    if kernel == "quartic":
        beta = -a2
        k = (beta * h * h) ** 2 / amp
        model = k * amp * np.clip(1 - ((x - px) ** 2 + (y - py) ** 2) / (h * h), 0, None) ** 2
    else:
        # ln v = ln(k amp) - d^2 / (2 h^2):  a0 = ln(k amp) - (px^2+py^2)/(2h^2)
        k = math.exp(a0 - a2 * (px * px + py * py)) / amp
        model = k * amp * np.exp(-((x - px) ** 2 + (y - py) ** 2) / (2 * h * h))
    if not (k > 0.5):
        return None
    res = np.abs(model - v).max() / (k * amp)
    return px + x0, py + y0, k, res


def _kernel_on(xs, ys, px, py, k, h, kernel, amp, cutoff):
    dx = xs[None, :] - px
    dy = ys[:, None] - py
    d2 = dx * dx + dy * dy
    if kernel == "quartic":
        return k * amp * np.clip(1 - d2 / (h * h), 0, None) ** 2
    return np.where(d2 < (cutoff * h) ** 2, k * amp * np.exp(-d2 / (2 * h * h)), 0.0)


def locate_incidents(path, bandwidth_m, kernel="quartic", per_km2=True, max_rounds=50, tol=1e-6,
                     cutoff_sd=4.0):
    arr, gt = read_raster(path)
    return peel(arr, gt, bandwidth_m, kernel, per_km2, max_rounds, tol, cutoff_sd)


def _window_candidates(R, gt, h, kernel, amp, floor):
    """Kernels seen through 3 x 3 windows that one kernel alone covers: sqrt(v) (quartic) or
    ln v (Gaussian) is then exactly a quadratic a (dx^2+dy^2) + b dx + c dy + d in the window."""
    cell = gt[1]
    offs = [(r, c) for r in (-1, 0, 1) for c in (-1, 0, 1)]
    D = np.array([[(c * cell) ** 2 + (r * gt[5]) ** 2, c * cell, r * gt[5], 1.0] for r, c in offs])
    P = np.linalg.pinv(D)
    pos = R > floor
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.sqrt(np.where(pos, R, 0.0)) if kernel == "quartic" else np.log(np.where(pos, R, 1.0))
    ny, nx = R.shape
    core = (slice(1, ny - 1), slice(1, nx - 1))

    def shifted(a, r, c):
        return a[1 + r:ny - 1 + r, 1 + c:nx - 1 + c]

    all_pos = np.ones((ny - 2, nx - 2), dtype=bool)
    for r, c in offs:
        all_pos &= shifted(pos, r, c)
    coef = [sum(P[m, k] * shifted(y, r, c) for k, (r, c) in enumerate(offs)) for m in range(4)]
    res = np.zeros((ny - 2, nx - 2))
    for k, (r, c) in enumerate(offs):
        fit = sum(D[k, m] * coef[m] for m in range(4))
        res = np.maximum(res, np.abs(shifted(y, r, c) - fit))
    scale = np.abs(shifted(y, 0, 0)) + 1e-300
    a2, bx, by, d0 = coef
    ok = all_pos & (a2 < 0) & (res < 1e-7 * scale)
    ii, jj = np.nonzero(ok)
    if len(ii) == 0:
        return []
    a2, bx, by, d0 = a2[ii, jj], bx[ii, jj], by[ii, jj], d0[ii, jj]
    dx = -bx / (2 * a2)
    dy = -by / (2 * a2)
    if kernel == "quartic":
        k = (-a2 * h * h) ** 2 / amp
    else:
        k = np.exp(d0 - a2 * (dx * dx + dy * dy)) / amp
    xc = gt[0] + (jj + 1 + 0.5) * cell
    yc = gt[3] + (ii + 1 + 0.5) * gt[5]
    keep = (np.abs(k - np.round(k)) < 1e-3) & (np.round(k) >= 1) & (np.hypot(dx, dy) < h)
    cands = {}
    for px, py, kk in zip((xc + dx)[keep], (yc + dy)[keep], np.round(k[keep])):
        cands.setdefault((round(px, 2), round(py, 2), int(kk)), (px, py, int(kk)))
    return list(cands.values())


def _moment_candidates(R, gt, h, amp, floor, max_k=2, seed=0):
    """Quartic kernels seen through 4 x 4 windows that lie inside the supports of the same
    kernels. There v / A = sum_i k_i (c_i - U + 2 P_i X + 2 Q_i Y)^2 in local coordinates
    X = dx/h, Y = dy/h, U = X^2 + Y^2, centres (P_i, Q_i), c = 1 - P^2 - Q^2: exactly a
    combination of 1, X, Y, X^2, XY, Y^2, UX, UY, U^2, whose U^2 coefficient is the number of
    kernels K. A window that fits that polynomial exactly is then solved for its K centres: two
    from the mean and principal axis of the second moments (unique). max_k > 2 tries least
    squares on the window's 16 values from several starts; the polynomial fixes only moments up
    to the fourth order, so three or more centres need not be unique (on the demo city 6 of 39
    such solutions were wrong): not used by default."""
    from scipy.optimize import least_squares
    cell = gt[1]
    span = (-1, 0, 1, 2)
    offs = [(r, c) for r in span for c in span]
    X = np.array([c * cell / h for r, c in offs])
    Y = np.array([r * gt[5] / h for r, c in offs])
    U = X * X + Y * Y
    D = np.column_stack([np.ones_like(X), X, Y, X * X, X * Y, Y * Y, U * X, U * Y, U * U])
    P = np.linalg.pinv(D)
    ny, nx = R.shape
    if ny < 4 or nx < 4:
        return []
    v = R / amp
    pos = R > floor

    def shifted(a, r, c):
        return a[1 + r:ny - 2 + r, 1 + c:nx - 2 + c]

    all_pos = np.ones((ny - 3, nx - 3), dtype=bool)
    for r, c in offs:
        all_pos &= shifted(pos, r, c)
    if not all_pos.any():
        return []
    ii, jj = np.nonzero(all_pos)
    win = np.stack([shifted(v, r, c)[ii, jj] for r, c in offs], axis=1)
    beta = win @ P.T
    res = np.abs(win - beta @ D.T).max(axis=1)
    K = np.round(beta[:, 8])
    ok = (res < 1e-8 * np.abs(win).max(axis=1)) & (np.abs(beta[:, 8] - K) < 1e-4) & (K >= 2) & (K <= max_k)
    rng = np.random.default_rng(seed)
    out = {}
    for n in np.nonzero(ok)[0]:
        k = int(K[n])
        b1, bX, bY, bX2, bXY, bY2, bUX, bUY, bU2 = beta[n]
        mp, mq = -bUX / (4 * k), -bUY / (4 * k)
        a = (3 * (bX2 + 2 * k) - (bY2 + 2 * k)) / 16
        b = (3 * (bY2 + 2 * k) - (bX2 + 2 * k)) / 16
        cpq = bXY / 8
        C = np.array([[a / k - mp * mp, cpq / k - mp * mq], [cpq / k - mp * mq, b / k - mq * mq]])
        w, e = np.linalg.eigh(C)
        sols = []
        if k == 2 and w[1] > 1e-12 and abs(w[0]) <= 1e-6 * w[1]:
            d = math.sqrt(w[1]) * e[:, 1]
            sols.append(np.array([[mp + d[0], mq + d[1]], [mp - d[0], mq - d[1]]]))
        else:
            sd = math.sqrt(max(w[1], 1e-6))

            def resid(z):
                pq = z.reshape(k, 2)
                return (((1 - (X[:, None] - pq[None, :, 0]) ** 2 - (Y[:, None] - pq[None, :, 1]) ** 2) ** 2).sum(axis=1)
                        - win[n])

            for _ in range(12):
                z0 = (np.array([mp, mq]) + sd * rng.normal(size=(k, 2))).ravel()
                r = least_squares(resid, z0, xtol=1e-15, ftol=1e-15, gtol=1e-15)
                if np.abs(r.fun).max() < 1e-9 * np.abs(win[n]).max():
                    sols.append(r.x.reshape(k, 2))
                    break
        xc = gt[0] + (jj[n] + 1 + 0.5) * cell
        yc = gt[3] + (ii[n] + 1 + 0.5) * gt[5]
        for pq in sols:
            for pp, qq in pq:
                px, py = xc + h * pp, yc + h * qq
                out.setdefault((round(px, 2), round(py, 2)), (px, py, 1))
    return list(out.values())


def peel(arr, gt, h, kernel="quartic", per_km2=True, max_rounds=200, tol=1e-6, cutoff_sd=4.0):
    """Peels kernels off the raster `arr` (geotransform gt, bandwidth h): window fits first,
    then whole patches and extreme points of patches; returns (found, what is left)."""
    R = np.array(arr, dtype=float) / (1e6 if per_km2 else 1.0)
    R[~np.isfinite(R)] = 0.0
    amp = 3.0 / (math.pi * h * h) if kernel == "quartic" else 1.0 / (2 * math.pi * h * h)
    xs, ys = _centres(gt, R.shape)
    X, Y = np.meshgrid(xs, ys)
    cell = abs(gt[1])
    found = []
    floor = tol * amp
    seen = set()

    def accept(px, py, k, res):
        nonlocal R
        model = _kernel_on(xs, ys, px, py, k, h, kernel, amp, cutoff_sd)
        after = R - model
        if after.min() < -tol * amp * k:
            return False
        R = np.where(np.abs(after) < floor, 0.0, after)
        found.append((px, py, k, res))
        return True

    for _ in range(max_rounds):
        progress = False
        for px, py, k in _window_candidates(R, gt, h, kernel, amp, floor):
            key = (round(px, 2), round(py, 2), k)
            if key in seen:
                continue
            seen.add(key)
            progress |= accept(px, py, k, 0.0)
        if progress:
            continue
        if kernel == "quartic":
            for px, py, k in _moment_candidates(R, gt, h, amp, floor):
                key = (round(px, 2), round(py, 2), k)
                if key in seen:
                    continue
                seen.add(key)
                progress |= accept(px, py, k, 0.0)
            if progress:
                continue
        mask = R > floor
        labels, n = ndimage.label(mask, structure=np.ones((3, 3)))
        if n == 0:
            break
        for lab, sl in enumerate(ndimage.find_objects(labels), start=1):
            if sl is None:
                continue
            comp = labels[sl] == lab
            vx, vy, vv = X[sl][comp], Y[sl][comp], R[sl][comp]
            attempts = [np.ones(len(vv), dtype=bool)]
            cx, cy = vx.mean(), vy.mean()
            for th in np.linspace(0, 2 * math.pi, 16, endpoint=False):
                proj = (vx - cx) * math.cos(th) + (vy - cy) * math.sin(th)
                e = np.argmax(proj)
                for rho in (h / 2, h / 4, h / 8):
                    attempts.append(np.hypot(vx - vx[e], vy - vy[e]) <= max(rho, 3 * cell))
            for sel in attempts:
                fit = _fit(vx[sel], vy[sel], vv[sel], h, kernel, amp)
                if fit is None or fit[3] > tol:
                    continue
                px, py, k, res = fit
                if abs(k - round(k)) > 1e-3 or round(k) < 1:
                    continue
                if accept(px, py, int(round(k)), res):
                    progress = True
                    break
        if not progress:
            break
    return found, R
