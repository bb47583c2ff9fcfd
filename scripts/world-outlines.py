#!/usr/bin/env python3
"""world-outlines.py - country outlines for dejure's world map.

Where the outlines come from: Natural Earth's 1:110m "Admin 0 - Countries"
(https://www.naturalearthdata.com/downloads/110m-cultural-vectors/),
which Natural Earth puts in the public domain
(https://www.naturalearthdata.com/about/terms-of-use/). The npm package
`world-atlas` (https://github.com/topojson/world-atlas, ISC licence)
carries them as TopoJSON in countries-110m.json; this script reads that
file and writes datasets/world/countries-110m.txt, which gnuplot reads.

Output format (plain text, one vertex per line):
    # comment lines
    LON LAT CODE
rings separated by one blank line, so that gnuplot draws each ring as its
own polygon. LON and LAT are degrees with 3 decimals; CODE is the ISO 3166
alpha-3 code (the TopoJSON ids are ISO 3166 numeric codes; the table below
maps them), or a code in dejure's own entities for the few outlines that
have none: Kosovo XKX, Northern Cyprus CYN, Somaliland SOL.
Rings that cross the antimeridian are clamped to it (see unwrap).
Antarctica is left out: it holds no state and would take a fifth of the map.

Usage:
    npm install --prefix /tmp/world-atlas world-atlas@2.0.2
    python3 scripts/world-outlines.py \\
        /tmp/world-atlas/node_modules/world-atlas/countries-110m.json \\
        datasets/world/countries-110m.txt
Only the Python standard library is used.
"""
import json
import os
import sys

# ISO 3166-1 numeric -> alpha-3, for every country in the 1:110m set.
NUMERIC_TO_ALPHA3 = {
    "004": "AFG", "008": "ALB", "010": "ATA", "012": "DZA", "024": "AGO",
    "031": "AZE", "032": "ARG", "036": "AUS", "040": "AUT", "044": "BHS",
    "050": "BGD", "051": "ARM", "056": "BEL", "064": "BTN", "068": "BOL",
    "070": "BIH", "072": "BWA", "076": "BRA", "084": "BLZ", "090": "SLB",
    "096": "BRN", "100": "BGR", "104": "MMR", "108": "BDI", "112": "BLR",
    "116": "KHM", "120": "CMR", "124": "CAN", "140": "CAF", "144": "LKA",
    "148": "TCD", "152": "CHL", "156": "CHN", "158": "TWN", "170": "COL",
    "178": "COG", "180": "COD", "188": "CRI", "191": "HRV", "192": "CUB",
    "196": "CYP", "203": "CZE", "204": "BEN", "208": "DNK", "214": "DOM",
    "218": "ECU", "222": "SLV", "226": "GNQ", "231": "ETH", "232": "ERI",
    "233": "EST", "238": "FLK", "242": "FJI", "246": "FIN", "250": "FRA",
    "260": "ATF", "262": "DJI", "266": "GAB", "268": "GEO", "270": "GMB",
    "275": "PSE", "276": "DEU", "288": "GHA", "300": "GRC", "304": "GRL",
    "320": "GTM", "324": "GIN", "328": "GUY", "332": "HTI", "340": "HND",
    "348": "HUN", "352": "ISL", "356": "IND", "360": "IDN", "364": "IRN",
    "368": "IRQ", "372": "IRL", "376": "ISR", "380": "ITA", "384": "CIV",
    "388": "JAM", "392": "JPN", "398": "KAZ", "400": "JOR", "404": "KEN",
    "408": "PRK", "410": "KOR", "414": "KWT", "417": "KGZ", "418": "LAO",
    "422": "LBN", "426": "LSO", "428": "LVA", "430": "LBR", "434": "LBY",
    "440": "LTU", "442": "LUX", "450": "MDG", "454": "MWI", "458": "MYS",
    "466": "MLI", "478": "MRT", "484": "MEX", "496": "MNG", "498": "MDA",
    "499": "MNE", "504": "MAR", "508": "MOZ", "512": "OMN", "516": "NAM",
    "524": "NPL", "528": "NLD", "540": "NCL", "548": "VUT", "554": "NZL",
    "558": "NIC", "562": "NER", "566": "NGA", "578": "NOR", "586": "PAK",
    "591": "PAN", "598": "PNG", "600": "PRY", "604": "PER", "608": "PHL",
    "616": "POL", "620": "PRT", "624": "GNB", "626": "TLS", "630": "PRI",
    "634": "QAT", "642": "ROU", "643": "RUS", "646": "RWA", "682": "SAU",
    "686": "SEN", "688": "SRB", "694": "SLE", "703": "SVK", "704": "VNM",
    "705": "SVN", "706": "SOM", "710": "ZAF", "716": "ZWE", "724": "ESP",
    "728": "SSD", "729": "SDN", "732": "ESH", "740": "SUR", "748": "SWZ",
    "752": "SWE", "756": "CHE", "760": "SYR", "762": "TJK", "764": "THA",
    "768": "TGO", "780": "TTO", "784": "ARE", "788": "TUN", "792": "TUR",
    "795": "TKM", "800": "UGA", "804": "UKR", "807": "MKD", "818": "EGY",
    "826": "GBR", "834": "TZA", "840": "USA", "854": "BFA", "858": "URY",
    "860": "UZB", "862": "VEN", "887": "YEM", "894": "ZMB",
}

# Outlines without an ISO number, by their Natural Earth name.
NAME_TO_CODE = {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}

LEAVE_OUT = {"ATA"}


def decode_arcs(topo):
    """Absolute lon/lat points of every arc (TopoJSON delta encoding)."""
    scale = topo["transform"]["scale"]
    shift = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * scale[0] + shift[0], y * scale[1] + shift[1]))
        arcs.append(pts)
    return arcs


def ring_points(arcs, ring):
    """Joins the arcs of one ring; a negative index ~i is arc i reversed."""
    pts = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point
        pts.extend(arc if not pts else arc[1:])
    return pts


def unwrap(pts):
    """A ring that crosses the antimeridian (Russia's far east, Fiji) would
    be drawn as a band across the whole map: move its points to the side
    that holds most of them, then clamp to +-180 degrees."""
    if all(abs(a[0] - b[0]) <= 180 for a, b in zip(pts, pts[1:])):
        return pts
    east = sum(1 for lon, _ in pts if lon > 0) * 2 >= len(pts)
    moved = [(lon + 360 if east and lon < 0 else lon - 360 if not east and lon > 0 else lon, lat)
             for lon, lat in pts]
    return [(max(-180.0, min(180.0, lon)), lat) for lon, lat in moved]


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: world-outlines.py countries-110m.json OUT.txt\n")
        return 1
    with open(argv[1], encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    rows = []
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom.get("properties", {}).get("name", "")
        code = NUMERIC_TO_ALPHA3.get(geom.get("id")) or NAME_TO_CODE.get(name)
        if code is None:
            sys.stderr.write("no code for outline %r (id %r)\n" % (name, geom.get("id")))
            return 2
        if code in LEAVE_OUT:
            continue
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        for polygon in polygons:
            for ring in polygon:
                rows.append((code, unwrap(ring_points(arcs, ring))))
    tmp = argv[2] + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as out:
        out.write("# Country outlines, Natural Earth 1:110m Admin 0 (public domain),\n")
        out.write("# https://www.naturalearthdata.com/ via the npm package world-atlas 2.0.2.\n")
        out.write("# Written by scripts/world-outlines.py. Columns: lon lat code;\n")
        out.write("# one ring per block, blocks separated by a blank line.\n")
        for i, (code, pts) in enumerate(rows):
            if i:
                out.write("\n")
            for lon, lat in pts:
                out.write("%.3f %.3f %s\n" % (lon, lat, code))
    os.replace(tmp, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
