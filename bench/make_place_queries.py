"""Write bench/data/place_queries.csv: place queries as people type them, each with the
place meant and its coordinates from a source independent of the gazetteer's answers.

    .venv/bin/python bench/make_place_queries.py [--geonames ../shared/data/geonames_gb_places.csv]

Coordinates come from the GeoNames extract (by name and nation, the most populous; by
the namesake nearest a postcode district for qualified names) or from Code-Point's
district centres (London districts and "town + district" queries), as the ``source``
column records. Rerun only to change the list; the benchmark reads the CSV.
"""

import argparse
import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument(
    "--geonames", type=Path, default=REPO.parent / "shared/data/geonames_gb_places.csv"
)
args = parser.parse_args()
G = {}
by_name = {}
for r in csv.DictReader(args.geonames.open(encoding="utf-8")):
    G[r["geonameid"]] = r
    by_name.setdefault((r["name"], r["nation"]), []).append(r)
C = {
    r["code"]: r
    for r in csv.DictReader((REPO / "seed_data/geo/postcode_centroids.csv").open(encoding="utf-8"))
    if r["kind"] == "district"
}


def town(name, nation="ENG"):
    rows = sorted(by_name[(name, nation)], key=lambda r: -int(r["population"] or 0))
    r = rows[0]
    return f"geonames:{r['geonameid']}", r["latitude"], r["longitude"], f"{name} ({nation})"


def district(code, what):
    r = C[code]
    return f"codepoint-district:{code}", r["lat"], r["lon"], what


Q = []


def add(kind, query, target):
    Q.append((query, kind, *target))


# Short forms of larger places
for q, n in [
    ("Newcastle", "Newcastle upon Tyne"),
    ("Stoke", "Stoke-on-Trent"),
    ("Southend", "Southend-on-Sea"),
    ("Hull", "Kingston upon Hull"),
    ("Kingston upon Hull", "Kingston upon Hull"),
    ("Lynn", "King's Lynn"),
    ("Newcastle-on-Tyne", "Newcastle upon Tyne"),
    ("Stoke upon Trent", "Stoke-on-Trent"),
]:
    add("short or other name", q, town(n))
add("short or other name", "Londonderry", town("Derry", "NIR"))
add("short or other name", "Derry / Londonderry", town("Derry", "NIR"))
# Welsh, Gaelic, Irish names
for q, n, nat in [
    ("Caerdydd", "Cardiff", "WLS"),
    ("Abertawe", "Swansea", "WLS"),
    ("Casnewydd", "Newport", "WLS"),
    ("Inbhir Nis", "Inverness", "SCT"),
    ("Béal Feirste", "Belfast", "NIR"),
    ("Beal Feirste", "Belfast", "NIR"),
    ("Doire", "Derry", "NIR"),
    ("Inis Ceithleann", "Enniskillen", "NIR"),
]:
    add("Welsh, Gaelic or Irish name", q, town(n, nat))
# Qualifiers
for q, n, nat, pc in [
    ("Newport, Isle of Wight", "Newport", "ENG", "PO30"),
    ("Newport Isle of Wight", "Newport", "ENG", "PO30"),
    ("Newport, Shropshire", "Newport", "ENG", "TF10"),
    ("Newport, Wales", "Newport", "WLS", "NP20"),
    ("Newport, Pembrokeshire", "Newport", "WLS", "SA42"),
    ("Newport, Essex", "Newport", "ENG", "CB11"),
    ("Richmond, North Yorkshire", "Richmond", "ENG", "DL10"),
    ("Richmond, London", "Richmond", "ENG", "TW9"),
    ("Bangor, Gwynedd", "Bangor", "WLS", "LL57"),
    ("Bangor, County Down", "Bangor", "NIR", ""),
    ("Bangor, Wales", "Bangor", "WLS", "LL57"),
    ("Bangor, Northern Ireland", "Bangor", "NIR", ""),
    ("Woodford, Northamptonshire", "Woodford", "ENG", "NN14"),
    ("Woodford, Wiltshire", "Woodford", "ENG", "SP4"),
    ("Stratford, London", "Stratford", "ENG", "E15"),
    ("Kensington, Liverpool", "Kensington", "ENG", "L7"),
]:
    rows = by_name[(n, nat)]
    if len(rows) == 1 or not pc:
        t = town(n, nat)
    else:
        # pick the namesake nearest the district centre the qualifier names
        c = C[pc]
        r = min(
            rows,
            key=lambda r: (
                (float(r["latitude"]) - float(c["lat"])) ** 2
                + (float(r["longitude"]) - float(c["lon"])) ** 2
            ),
        )
        t = (f"geonames:{r['geonameid']}", r["latitude"], r["longitude"], f"{n} near {pc}")
    add("qualifier", q, t)
add("qualifier", "Woodford, Essex", district("IG8", "Woodford, London (IG8)"))
add("qualifier", "Woodford, Redbridge", district("IG8", "Woodford, London (IG8)"))
add("qualifier", "Kensington, London", district("W8", "Kensington, London (W8)"))
# Town with a postcode district
for q, d in [
    ("Leeds LS1", "LS1"),
    ("Leeds, LS6", "LS6"),
    ("Manchester M1", "M1"),
    ("Bristol BS1", "BS1"),
    ("Cardiff CF10", "CF10"),
    ("Glasgow G1", "G1"),
    ("Edinburgh EH1", "EH1"),
    ("Birmingham B1", "B1"),
    ("Sheffield S1", "S1"),
    ("Liverpool L1", "L1"),
    ("Newcastle NE1", "NE1"),
    ("York YO1", "YO1"),
]:
    add("town and postcode district", q, district(d, f"{q}"))
add("town and postcode district", "Belfast BT1", town("Belfast", "NIR"))
# Abbreviations, hyphens, apostrophes
for q, n in [
    ("St. Albans", "St Albans"),
    ("Saint Albans", "St Albans"),
    ("ST ALBANS", "St Albans"),
    ("St Helens", "St Helens"),
    ("Saint Helens", "St Helens"),
    ("St. Neots", "Saint Neots"),
    ("Kings Lynn", "King's Lynn"),
    ("Stratford upon Avon", "Stratford-upon-Avon"),
    ("Stoke on Trent", "Stoke-on-Trent"),
    ("Southend on Sea", "Southend-on-Sea"),
    ("Bishop's Stortford", "Bishops Stortford"),
    ("Henley on Thames", "Henley-on-Thames"),
    ("Weston super Mare", "Weston-super-Mare"),
    ("Newcastle under Lyme", "Newcastle under Lyme"),
    ("Ashton under Lyne", "Ashton-under-Lyne"),
    ("Bury St Edmunds", "Bury St Edmunds"),
    ("Burton upon Trent", "Burton upon Trent"),
    ("Barrow in Furness", "Barrow in Furness"),
    ("Bournemouth", "Bournemouth"),
    ("Brighton & Hove", "Brighton"),
    ("Kingston-upon-Thames", "Kingston upon Thames"),
]:
    try:
        add("spelling: St., hyphens, apostrophes, &", q, town(n))
    except KeyError:
        print("missing", n, file=sys.stderr)
add("spelling: St., hyphens, apostrophes, &", "St Andrews", town("Saint Andrews", "SCT"))
add("spelling: St., hyphens, apostrophes, &", "Saint Andrews", town("Saint Andrews", "SCT"))
add("spelling: St., hyphens, apostrophes, &", "Bo'ness", town("Bo’ness", "SCT"))
# London districts (expected: the district centre named by the list of areas)
for q, d in [
    ("Woodford", "IG8"),
    ("Kensington", "W8"),
    ("Richmond", "TW9"),
    ("Brixton", "SW2"),
    ("Hackney", "E8"),
    ("Islington", "N1"),
    ("Wimbledon", "SW19"),
    ("Camden Town", "NW1"),
    ("Peckham", "SE15"),
    ("Clapham", "SW4"),
    ("Chelsea", "SW3"),
    ("Fulham", "SW6"),
    ("Putney", "SW15"),
    ("Ealing", "W5"),
    ("Croydon", "CR0"),
    ("Balham", "SW12"),
    ("Tooting", "SW17"),
    ("Hampstead", "NW3"),
    ("Notting Hill", "W11"),
    ("Shoreditch", "E2"),
    ("Dalston", "E8"),
    ("Walthamstow", "E17"),
    ("Wembley", "HA9"),
    ("Ilford", "IG1"),
    ("Bromley", "BR1"),
    ("Mayfair", "W1K"),
    ("Soho", "W1D"),
    ("Marylebone", "W1U"),
    ("Stratford", "E15"),
    ("Woolwich", "SE18"),
    ("Lewisham", "SE13"),
    ("Greenwich", "SE10"),
    ("Tottenham", "N17"),
    ("Hammersmith", "W6"),
    ("Chiswick", "W4"),
    ("Bermondsey", "SE16"),
    ("Whitechapel", "E1"),
    ("Bow", "E3"),
    ("Leyton", "E10"),
    ("Muswell Hill", "N10"),
    ("Crouch End", "N8"),
    ("Highgate", "N6"),
    ("Kilburn", "NW6"),
    ("Battersea", "SW11"),
    ("Streatham", "SW16"),
    ("Sydenham", "SE26"),
    ("Dulwich", "SE21"),
    ("Forest Hill", "SE23"),
    ("Catford", "SE6"),
    ("Eltham", "SE9"),
    ("Blackheath", "SE3"),
    ("Holloway", "N7"),
    ("Stoke Newington", "N16"),
    ("Bethnal Green", "E2"),
    ("Canary Wharf", "E14"),
    ("Pimlico", "SW1V"),
    ("Wandsworth", "SW18"),
    ("Acton", "W3"),
    ("Southall", "UB1"),
    ("Edmonton", "N9"),
]:
    add("London district", q, district(d, f"{q}, London ({d})"))
# Northern Ireland places and postcodes
for n in [
    "Belfast",
    "Derry",
    "Enniskillen",
    "Newry",
    "Lisburn",
    "Armagh",
    "Omagh",
    "Coleraine",
    "Ballymena",
    "Larne",
    "Craigavon",
    "Portrush",
    "Newtownards",
    "Dungannon",
    "Strabane",
    "Cookstown",
    "Downpatrick",
    "Carrickfergus",
    "Holywood",
    "Antrim",
    "Banbridge",
    "Limavady",
    "Magherafelt",
    "Ballymoney",
]:
    try:
        add("Northern Ireland", n, town(n, "NIR"))
    except KeyError:
        print("missing", n, file=sys.stderr)
for q, n in [
    ("BT1 1AA", "Belfast"),
    ("BT7 1NN", "Belfast"),
    ("BT48 6DQ", "Derry"),
    ("BT74 6DN", "Enniskillen"),
    ("BT35 8DR", "Newry"),
    ("BT20", "Bangor"),
    ("bt41 2rl", "Antrim"),
    ("BT28", "Lisburn"),
]:
    add("Northern Ireland", q, town(n, "NIR"))
# Typos
for q, n, nat in [
    ("Manchestr", "Manchester", "ENG"),
    ("Edinbrugh", "Edinburgh", "SCT"),
    ("Birmingam", "Birmingham", "ENG"),
    ("Liverpol", "Liverpool", "ENG"),
    ("Glasgw", "Glasgow", "SCT"),
    ("Notingham", "Nottingham", "ENG"),
    ("Sheffeild", "Sheffield", "ENG"),
    ("Cambrige", "Cambridge", "ENG"),
    ("Harrogat", "Harrogate", "ENG"),
    ("Leicster", "Leicester", "ENG"),
    ("Brimingham", "Birmingham", "ENG"),
    ("Southamptn", "Southampton", "ENG"),
    ("Plymuth", "Plymouth", "ENG"),
    ("Aberdene", "Aberdeen", "SCT"),
    ("Swansae", "Swansea", "WLS"),
    ("Belfsat", "Belfast", "NIR"),
    ("Enniskilen", "Enniskillen", "NIR"),
    ("Middlesborough", "Middlesbrough", "ENG"),
    ("Peterborugh", "Peterborough", "ENG"),
    ("Scarborugh", "Scarborough", "ENG"),
]:
    add("typo", q, town(n, nat))
# Plain towns as typed
for n, nat in [
    ("London", "ENG"),
    ("Leeds", "ENG"),
    ("Harrogate", "ENG"),
    ("York", "ENG"),
    ("Bath", "ENG"),
    ("Oxford", "ENG"),
    ("Cambridge", "ENG"),
    ("Norwich", "ENG"),
    ("Exeter", "ENG"),
    ("Truro", "ENG"),
    ("Carlisle", "ENG"),
    ("Durham", "ENG"),
    ("Lincoln", "ENG"),
    ("Chester", "ENG"),
    ("Aberdeen", "SCT"),
    ("Dundee", "SCT"),
    ("Stirling", "SCT"),
    ("Perth", "SCT"),
    ("Wrexham", "WLS"),
    ("Aberystwyth", "WLS"),
]:
    add("town", n.lower() if n in ("York", "Bath") else n, town(n, nat))
w = csv.writer(
    (REPO / "bench/data/place_queries.csv").open("w", newline="", encoding="utf-8"),
    lineterminator="\n",
)
w.writerow(["query", "kind", "intended", "lat", "lon", "source"])
for q, kind, src, lat, lon, what in Q:
    w.writerow([q, kind, what, lat, lon, src])
print(len(Q))
