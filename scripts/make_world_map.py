#!/usr/bin/env python3
"""Writes core/web/world-map.json, the pre-projected world map of the dashboard's and the report's choropleth.

usage: scripts/make_world_map.py --atlas DIR [--reference DIR] [--out FILE]

DIR is the `package` folder of the npm package world-atlas 2 (Natural Earth 4.1.0 as TopoJSON), fetched outside
the repository, e.g.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz   # DIR = /tmp/package

(or `npm install world-atlas@2.0.2` in a temporary folder: DIR = node_modules/world-atlas). Python 3 standard
library only; docs/map.md says what the file holds and why.

Steps: decode the TopoJSON arcs of countries-50m.json (110m lacks 42 of the 59 SIDS), split a few overseas parts
off the features of the states Natural Earth files them under (French Guiana from France, Svalbard from Norway,
...), take the economies 50m lacks from countries-10m.json, project every arc with the Equal Earth projection,
simplify it (Douglas-Peucker) and round it to whole units of a 1000-unit-wide map, so that neighbours keep sharing
one border, and write one SVG path per economy, with ISO3 codes from config/reference/economies.csv (column m49).
Economies whose projected area is below DOT_AREA, or that have no polygon at all, get a dot at their centroid,
moved apart from one another until no two dots overlap. Fails (exit 1) when an economy of the SIDS lists of
config/reference (memberships.csv, itu-lists.csv) has neither shape nor dot.
"""
import argparse
import csv
import json
import math
import pathlib
import sys

WIDTH = 1000  # map units across; the SVG scales them
DOT_AREA = 10.0  # square map units (about 13,000 km2; the map is some 400,000 units): smaller economies are dots
DOT_RADIUS = 4.0
DOT_GAP = 1.0  # map units between two dots after spreading
TOLERANCE = 0.45  # Douglas-Peucker tolerance, map units: below the rounding to whole units anyway
SOUTH_LIMIT = -60.0  # Antarctica (no economy data) is left out; everything north of this is drawn

# Overseas parts that Natural Earth's admin-0 countries file under another feature: (ISO3, parent ISO 3166
# numeric id or parent name when it has no id, lon min, lon max, lat min, lat max). A polygon of the parent lying
# wholly inside a box becomes the economy's; the parent keeps the rest.
SPLITS = [
    ("GUF", "250", -55.0, -51.0, 1.5, 6.5),
    ("GLP", "250", -62.0, -60.9, 15.7, 16.7),
    ("MTQ", "250", -61.4, -60.7, 14.3, 15.0),
    ("REU", "250", 55.0, 56.0, -21.6, -20.7),
    ("MYT", "250", 44.8, 45.5, -13.2, -12.5),
    ("BES", "528", -68.6, -62.8, 11.9, 17.8),
    ("SJM", "578", 10.0, 35.0, 74.0, 81.0),
    ("SJM", "578", -9.5, -7.5, 70.5, 71.5),
    ("BVT", "578", 3.0, 3.8, -54.6, -54.2),
    ("TKL", "554", -173.0, -171.0, -10.0, -8.0),
    ("CXR", "Indian Ocean Ter.", 105.4, 105.9, -10.7, -10.3),
    ("CCK", "Indian Ocean Ter.", 96.7, 97.0, -12.4, -11.7),
]

# Last resort for an economy that neither 50m nor 10m has as a polygon: a point from the CIA World Factbook's
# "Geographic coordinates" (a US government work, public domain). Used only when the atlas lacks the economy.
FACTBOOK_POINTS = {
    "BVT": (3.4, -54.43),  # Bouvet Island: 54 26 S, 3 24 E
}

# Equal Earth (Savric, Patterson and Jenny 2018): equal-area, so no state looks larger than it is, with the
# rounded outline of the compromise projections.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon, lat):
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = equal_earth(180, 0)[0]
Y_NORTH = equal_earth(0, 84)[1]
Y_SOUTH = equal_earth(0, SOUTH_LIMIT)[1]
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = math.ceil((Y_NORTH - Y_SOUTH) * SCALE)


def to_map(lon, lat):
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, (Y_NORTH - y) * SCALE


def decode_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points, tolerance):
    """Douglas-Peucker, keeping both ends (they are shared with the neighbouring arcs)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, at = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            d = (abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length if length else math.hypot(px - ax, py - ay))
            if d > worst:
                worst, at = d, i
        if worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep) if k]


class Atlas:
    """One world-atlas file: its arcs in lon/lat, projected, and projected-simplified-rounded."""

    def __init__(self, path):
        topology = json.loads(path.read_text(encoding="utf-8"))
        self.lonlat = decode_arcs(topology)
        self.projected = [[to_map(lon, lat) for lon, lat in arc] for arc in self.lonlat]
        self.rounded = [[(round(x), round(y)) for x, y in simplify(arc, TOLERANCE)] for arc in self.projected]
        self.features = topology["objects"]["countries"]["geometries"]

    def ring(self, indices, arcs):
        out = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    def polygons(self, feature):
        if feature["type"] == "Polygon":
            return [feature["arcs"]]
        if feature["type"] == "MultiPolygon":
            return feature["arcs"]
        return []


def ring_area_centroid(ring):
    """Signed area and centroid of a closed ring (shoelace)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        xs, ys = zip(*ring)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return area, (cx / (6 * area), cy / (6 * area))


def number_text(v):
    return str(int(v))


def path_of(rings):
    """Absolute move, then relative lines: short text for whole-unit coordinates."""
    parts = []
    for ring in rings:
        points = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
        if len(points) > 1 and points[-1] == points[0]:
            points.pop()
        if len(points) < 3:
            continue
        text = f"M{points[0][0]} {points[0][1]}l"
        values = []
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            values += [x1 - x0, y1 - y0]
        for i, v in enumerate(values):
            text += ("" if i == 0 or v < 0 else " ") + number_text(v)
        parts.append(text + "z")
    return "".join(parts)


def read_reference(folder):
    economies = {}
    by_m49 = {}
    with open(folder / "economies.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            economies[row["iso3"]] = row["name"]
            by_m49[row["m49"]] = row["iso3"]
    sids = set()
    for name in ("memberships.csv", "itu-lists.csv"):
        with open(folder / name, encoding="utf-8") as f:
            sids |= {row["iso3"] for row in csv.DictReader(f) if row["group"] == "SIDS"}
    return economies, by_m49, sids


def inside(polygon_lonlat, box):
    lon0, lon1, lat0, lat1 = box
    return all(lon0 <= lon <= lon1 and lat0 <= lat <= lat1 for lon, lat in polygon_lonlat)


def collect(atlas, by_m49, wanted):
    """economy -> list of polygons (each a list of arc-index rings), from one atlas; features without a code by
    name. Splits are applied here."""
    shapes, unlisted = {}, {}
    for feature in atlas.features:
        code = by_m49.get(feature.get("id"))
        name = feature.get("properties", {}).get("name", "")
        for polygon in atlas.polygons(feature):
            outer = atlas.ring(polygon[0], atlas.lonlat)
            if max(lat for _, lat in outer) < SOUTH_LIMIT:
                continue
            owner = code
            for iso3, parent, *box in SPLITS:
                if parent in (feature.get("id"), name) and inside(outer, box):
                    owner = iso3
                    break
            if owner is None:
                unlisted.setdefault(name, []).append(polygon)
            elif owner in wanted:
                shapes.setdefault(owner, []).append(polygon)
    return shapes, unlisted


def crosses_antimeridian(ring):
    return any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:]))


def clip(ring, edge):
    """Sutherland-Hodgman against the half-plane of longitudes on the map's side of `edge` (180 or -180)."""
    keep = (lambda lon: lon <= edge) if edge > 0 else (lambda lon: lon >= edge)
    out = []
    for a, b in zip(ring, ring[1:] + ring[:1]):
        inside_a, inside_b = keep(a[0]), keep(b[0])
        if inside_a:
            out.append(a)
        if inside_a != inside_b:
            t = (edge - a[0]) / (b[0] - a[0])
            out.append((edge, a[1] + t * (b[1] - a[1])))
    return out


def densified(ring):
    """Points every degree along a cut at the antimeridian: the map's edge there is curved."""
    out = []
    for a, b in zip(ring, ring[1:] + ring[:1]):
        out.append(a)
        if a[0] == b[0] and abs(a[0]) == 180:
            steps = int(abs(b[1] - a[1]))
            out += [(a[0], a[1] + (b[1] - a[1]) * k / (steps + 1)) for k in range(1, steps + 1)]
    return out


def split_at_antimeridian(ring):
    """A ring crossing 180 degrees (world-atlas stitches Russia and Fiji across it: a point at 180 is followed by
    one at -180) as the rings either side of the map's edge, in lon/lat."""
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        previous = unwrapped[-1][0]
        lon += 360 * round((previous - lon) / 360)
        unwrapped.append((lon, lat))
    parts = []
    for shift in (0.0, 360.0, -360.0):
        moved = [(lon + shift, lat) for lon, lat in unwrapped]
        part = clip(clip(moved, 180.0), -180.0)
        if len(part) >= 3:
            parts.append(densified(part))
    return parts


def geometry_of(atlas, polygons):
    """Projected area and centroid (from the unsimplified arcs) and the path (from the rounded ones)."""
    total, sx, sy = 0.0, 0.0, 0.0
    rings = []
    for polygon in polygons:
        for k, ring in enumerate(polygon):
            lonlat = atlas.ring(ring, atlas.lonlat)
            if crosses_antimeridian(lonlat):
                # Cut here, so this ring no longer shares its arcs with its neighbours' (by less than a unit).
                pieces = [[to_map(lon, lat) for lon, lat in part] for part in split_at_antimeridian(lonlat)]
                drawn = [[(round(x), round(y)) for x, y in simplify(piece + piece[:1], TOLERANCE)] for piece in pieces]
            else:
                pieces = [atlas.ring(ring, atlas.projected)]
                drawn = [atlas.ring(ring, atlas.rounded)]
            rings += drawn
            for piece in pieces:
                area, (cx, cy) = ring_area_centroid(piece)
                # Holes (lakes, enclaves) subtract from the outer ring whichever way the file winds them.
                weight = abs(area) if k == 0 else -abs(area)
                total += weight
                sx += cx * weight
                sy += cy * weight
    if total <= 0:
        xs, ys = zip(*atlas.ring(polygons[0][0], atlas.projected))
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys)), path_of(rings)
    return total, (sx / total, sy / total), path_of(rings)


def spread(dots, iterations=200):
    """Moves overlapping dots apart (each pair by half its overlap, repeatedly), so each can be seen and pointed at."""
    keys = sorted(dots)
    least = 2 * DOT_RADIUS + DOT_GAP
    for _ in range(iterations):
        moved = False
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                (ax, ay), (bx, by) = dots[a], dots[b]
                dx, dy = bx - ax, by - ay
                d = math.hypot(dx, dy)
                if d >= least:
                    continue
                if d == 0:
                    dx, dy, d = 1.0, 0.0, 1.0
                push = (least - d) / 2 + 0.01
                ux, uy = dx / d, dy / d
                dots[a] = (ax - ux * push, ay - uy * push)
                dots[b] = (bx + ux * push, by + uy * push)
                moved = True
        if not moved:
            break


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = pathlib.Path(__file__).resolve().parent.parent
    parser.add_argument("--atlas", required=True, type=pathlib.Path, help="the world-atlas package folder")
    parser.add_argument("--reference", type=pathlib.Path, default=root / "config" / "reference")
    parser.add_argument("--out", type=pathlib.Path, default=root / "core" / "web" / "world-map.json")
    args = parser.parse_args(argv)

    package = json.loads((args.atlas / "package.json").read_text(encoding="utf-8"))
    economies, by_m49, sids = read_reference(args.reference)
    wanted = set(economies) - {"ATA"}

    medium = Atlas(args.atlas / "countries-50m.json")
    shapes, unlisted = collect(medium, by_m49, wanted)
    geometry = {code: geometry_of(medium, polygons) for code, polygons in shapes.items()}
    unlisted_paths = {name: geometry_of(medium, polygons)[2] for name, polygons in unlisted.items()}

    large = Atlas(args.atlas / "countries-10m.json")
    from_large, _ = collect(large, by_m49, wanted - set(geometry))
    sources = {code: "50m" for code in geometry}
    for code, polygons in from_large.items():
        area, centre, _ = geometry_of(large, polygons)
        geometry[code] = (0.0, centre, "")  # too small for 50m: a dot wherever it is
        sources[code] = "10m"
    for code, (lon, lat) in FACTBOOK_POINTS.items():
        if code in wanted and code not in geometry:
            geometry[code] = (0.0, to_map(lon, lat), "")
            sources[code] = "factbook"

    dots = {code: centre for code, (area, centre, path) in geometry.items() if area < DOT_AREA or not path}
    spread(dots)

    out = []
    for code in sorted(geometry):
        area, centre, path = geometry[code]
        item = {"iso3": code, "name": economies[code]}
        if code in dots:
            item["dot"] = [round(dots[code][0], 1), round(dots[code][1], 1)]
        else:
            item["path"] = path
        out.append(item)

    missing_sids = sorted(code for code in sids if code not in geometry)
    if missing_sids:
        print(f"error: SIDS with neither shape nor dot: {', '.join(missing_sids)}", file=sys.stderr)
        return 1
    not_drawn = sorted(wanted - set(geometry))

    document = {
        "source": f"Natural Earth 4.1.0 admin-0 countries (public domain), 1:50m, via the npm package "
        f"{package['name']} {package['version']} ({package['license']}); economies 50m lacks from its 1:10m file",
        "projection": "Equal Earth",
        "generated_by": "scripts/make_world_map.py",
        "viewBox": f"0 0 {WIDTH} {HEIGHT}",
        "width": WIDTH,
        "height": HEIGHT,
        "dot_area": DOT_AREA,
        "dot_radius": DOT_RADIUS,
        "economies": out,
        "unlisted": [{"name": name, "path": path} for name, path in sorted(unlisted_paths.items()) if path],
    }
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    # One economy per line: a regenerated file diffs economy by economy.
    text = text.replace(',{"iso3"', ',\n{"iso3"').replace(',{"name"', ',\n{"name"') + "\n"
    args.out.write_text(text, encoding="utf-8")

    shapes_count = sum(1 for item in out if "path" in item)
    print(f"{args.out}: {len(text.encode('utf-8'))} bytes, {shapes_count} shapes, {len(dots)} dots, "
          f"{len(document['unlisted'])} features without an economy code ({', '.join(sorted(unlisted_paths))})")
    print(f"from 10m: {', '.join(c for c in sorted(sources) if sources[c] == '10m') or 'none'}; "
          f"from the Factbook: {', '.join(c for c in sorted(sources) if sources[c] == 'factbook') or 'none'}")
    print(f"not drawn: ATA (left out){', ' + ', '.join(not_drawn) if not_drawn else ''}")
    print(f"SIDS drawn: {len(sids)} of {len(sids)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
