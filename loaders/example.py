"""The example workbook of ``docs/import-format.md``: a few Gelderland gemeenten, fictional people.

``python -m loaders.example`` rewrites ``examples/voorbeeld-werkmap.xlsx`` and the CSV folder
``examples/voorbeeld-werkmap/`` from the rows below, so the shipped example always matches the
format (a test imports it). Keys carry ``vb`` (voorbeeld) so they never collide with demo data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.workbook_writer import write_workbook

__all__ = ["EXAMPLE_ROWS", "write_example"]

_P = "prof-vb-"
EXAMPLE_ROWS: dict[str, list[dict[str, Any]]] = {
    "organisaties": [
        {"sleutel": "org-vb-lt-arnhem", "naam": "Lokaal Team Arnhem (voorbeeld)", "type": "lokaal_team",
         "kort": "LT Arnhem", "email": "info@lt-arnhem.example", "bron": "voorbeeld", "zekerheid": "zeker",
         "demo": "ja", "bedient": "GM0202"},
        {"sleutel": "org-vb-lt-renkum", "naam": "Lokaal Team Renkum (voorbeeld)", "type": "lokaal_team",
         "kort": "LT Renkum", "bron": "voorbeeld", "demo": "ja", "bedient": "GM0274"},
        {"sleutel": "org-vb-lt-ede", "naam": "Lokaal Team Ede (voorbeeld)", "type": "lokaal_team",
         "kort": "LT Ede", "bron": "voorbeeld", "demo": "ja", "bedient": "GM0228"},
        {"sleutel": "org-vb-gemeente-arnhem", "naam": "Gemeente Arnhem (voorbeeld)", "type": "gemeente",
         "bron": "voorbeeld", "demo": "ja", "bedient": "GM0202"},
        {"sleutel": "org-vb-gi-gelderland", "naam": "Gecertificeerde Instelling Gelderland (voorbeeld)",
         "type": "gi", "kort": "GI", "bron": "voorbeeld", "zekerheid": "waarschijnlijk", "demo": "ja",
         "bedient": "JZ28;JZ21"},
        {"sleutel": "org-vb-gi-team-arnhem", "naam": "GI team Arnhem (voorbeeld)", "type": "gi",
         "bron": "voorbeeld", "demo": "ja", "onderdeel_van": "org-vb-gi-gelderland",
         "bedient": "SR-JZ28-vb-arnhem-e-o"},
        {"sleutel": "org-vb-vt-gelderland-midden", "naam": "Veilig Thuis Gelderland-Midden (voorbeeld)",
         "type": "veilig_thuis", "bron": "voorbeeld", "demo": "ja", "bedient": "VR07"},
        {"sleutel": "org-vb-rvdk-oost", "naam": "Raad voor de Kinderbescherming Oost (voorbeeld)", "type": "rvdk",
         "bron": "voorbeeld", "afgeleid": "ja", "demo": "ja", "bedient": "PV25"},
    ],
    "professionals": [
        {"sleutel": f"{_P}001", "naam": "Sanne Voorbeeld", "functie": "Medewerker Lokaal Team",
         "email": "s.voorbeeld@lt-arnhem.example", "organisatie": "org-vb-lt-arnhem",
         "laatst_geverifieerd": "2026-09-01", "geverifieerd_door": "coördinator", "demo": "ja"},
        {"sleutel": f"{_P}002", "naam": "Daan Proefmans", "functie": "Medewerker Lokaal Team",
         "email": "d.proefmans@lt-arnhem.example", "organisatie": "org-vb-lt-arnhem", "demo": "ja"},
        {"sleutel": f"{_P}003", "naam": "Lotte Testveld", "functie": "Gedragswetenschapper",
         "organisatie": "org-vb-lt-arnhem;org-vb-lt-renkum", "demo": "ja"},
        {"sleutel": f"{_P}004", "naam": "Bram Oefenaar", "functie": "Medewerker Lokaal Team",
         "organisatie": "org-vb-lt-renkum", "demo": "ja"},
        {"sleutel": f"{_P}005", "naam": "Noor Schetsma", "functie": "Jeugdbeschermer",
         "email": "n.schetsma@gi.example", "organisatie": "org-vb-gi-team-arnhem", "demo": "ja"},
        {"sleutel": f"{_P}006", "naam": "Joris Modelman", "functie": "Jeugdbeschermer",
         "organisatie": "org-vb-gi-team-arnhem", "demo": "ja"},
        {"sleutel": f"{_P}007", "naam": "Eva Proeve", "functie": "Leidinggevende", "organisatie":
         "org-vb-gi-gelderland", "demo": "ja"},
        {"sleutel": f"{_P}008", "naam": "Finn Ontwerp", "functie": "Medewerker Veilig Thuis",
         "organisatie": "org-vb-vt-gelderland-midden", "demo": "ja"},
        {"sleutel": f"{_P}009", "naam": "Isa Concept", "functie": "Raadsonderzoeker",
         "organisatie": "org-vb-rvdk-oost", "demo": "ja"},
        {"sleutel": f"{_P}010", "naam": "Milan Kladblok", "functie": "Wethouder jeugd",
         "organisatie": "org-vb-gemeente-arnhem", "demo": "ja"},
        {"sleutel": f"{_P}011", "naam": "Vera Probeer", "functie": "Medewerker Lokaal Team",
         "organisatie": "org-vb-lt-ede", "actief": "nee", "inactief_sinds": "2026-06-30", "demo": "ja"},
    ],
    "posities": [
        {"sleutel": "pos-vb-wethouder-arnhem", "naam": "Wethouder jeugd Arnhem", "rol": "wethouder",
         "organisatie": "org-vb-gemeente-arnhem", "dekt": "GM0202"},
        {"sleutel": "pos-vb-lt-gw-arnhem", "naam": "Gedragswetenschapper LT Arnhem",
         "rol": "gedragswetenschapper", "organisatie": "org-vb-lt-arnhem", "dekt": "GM0202",
         "escaleert_naar": "pos-vb-wethouder-arnhem", "escalatiestap": 3},
        {"sleutel": "pos-vb-lt-arnhem", "naam": "Lokaal Team Arnhem jeugd", "rol": "lt_medewerker",
         "organisatie": "org-vb-lt-arnhem", "dekt": "GM0202", "kritiek": "ja",
         "laatst_geverifieerd": "2026-09-01", "escaleert_naar": "pos-vb-lt-gw-arnhem", "escalatiestap": 1},
        {"sleutel": "pos-vb-lt-renkum", "naam": "Lokaal Team Renkum jeugd", "rol": "lt_medewerker",
         "organisatie": "org-vb-lt-renkum", "dekt": "GM0274"},
        {"sleutel": "pos-vb-lt-ede", "naam": "Lokaal Team Ede jeugd", "rol": "lt_medewerker",
         "organisatie": "org-vb-lt-ede", "dekt": "GM0228", "vacant_sinds": "2026-07-01"},
        {"sleutel": "pos-vb-gi-jb-arnhem-eo", "naam": "Jeugdbeschermer Arnhem e.o.", "rol": "jeugdbeschermer",
         "organisatie": "org-vb-gi-team-arnhem", "dekt": "SR-JZ28-vb-arnhem-e-o", "kritiek": "ja"},
        {"sleutel": "pos-vb-gi-leiding", "naam": "Leidinggevende GI Centraal Gelderland", "rol": "leidinggevende",
         "organisatie": "org-vb-gi-gelderland", "dekt": "JZ28"},
        {"sleutel": "pos-vb-vt-contact", "naam": "Contactpersoon Veilig Thuis", "rol": "vt_contactpersoon",
         "organisatie": "org-vb-vt-gelderland-midden", "dekt": "VR07"},
        {"sleutel": "pos-vb-rvdk-contact", "naam": "Contactpersoon Raad", "rol": "rvdk_contactpersoon",
         "organisatie": "org-vb-rvdk-oost", "dekt": "JZ28;JZ21"},
    ],
    "bezetting": [
        {"positie": "pos-vb-lt-arnhem", "professional": f"{_P}001", "prioriteit": "primary", "rang": 1,
         "geldig_van": "2025-01-01"},
        {"positie": "pos-vb-lt-arnhem", "professional": f"{_P}002", "prioriteit": "backup", "rang": 2,
         "geldig_van": "2025-01-01"},
        {"positie": "pos-vb-lt-gw-arnhem", "professional": f"{_P}003", "prioriteit": "primary", "rang": 1},
        {"positie": "pos-vb-lt-renkum", "professional": f"{_P}004", "prioriteit": "primary", "rang": 1},
        {"positie": "pos-vb-lt-renkum", "professional": f"{_P}003", "prioriteit": "fallback", "rang": 3},
        {"positie": "pos-vb-lt-ede", "professional": f"{_P}011", "prioriteit": "primary", "rang": 1,
         "geldig_van": "2024-03-01", "geldig_tot": "2026-07-01"},
        {"positie": "pos-vb-gi-jb-arnhem-eo", "professional": f"{_P}005", "prioriteit": "primary", "rang": 1},
        {"positie": "pos-vb-gi-jb-arnhem-eo", "professional": f"{_P}006", "prioriteit": "backup", "rang": 2},
        {"positie": "pos-vb-gi-leiding", "professional": f"{_P}007", "prioriteit": "primary", "rang": 1},
        {"positie": "pos-vb-vt-contact", "professional": f"{_P}008", "prioriteit": "primary", "rang": 1},
        {"positie": "pos-vb-rvdk-contact", "professional": f"{_P}009", "prioriteit": "primary", "rang": 1},
        {"positie": "pos-vb-wethouder-arnhem", "professional": f"{_P}010", "prioriteit": "primary", "rang": 1},
    ],
    "subregios": [
        {"sleutel": "SR-JZ28-vb-arnhem-e-o", "naam": "Arnhem e.o. (voorbeeld)", "jeugdhulpregio": "JZ28",
         "gemeenten": "GM0202;GM0274;GM0275;GM0289", "versie": 1, "afgesproken_op": "2025-11-01"},
    ],
    "organen": [
        {"sleutel": "body-vb-jbt-centraal-gelderland", "naam": "Jeugdbeschermingstafel Centraal Gelderland",
         "soort": "jeugdbeschermingstafel", "actief_sinds": "2021-01-01", "bron": "voorbeeld", "dekt": "JZ28"},
        {"sleutel": "body-vb-tt-arnhem", "naam": "Toekomsttuin Arnhem e.o.", "soort": "toekomsttuin",
         "lokale_naam": "Samen Veilig Arnhem", "fase": "pilot", "afgeleid": "ja", "bron": "voorbeeld",
         "notitie": "fictief voorbeeld", "dekt": "SR-JZ28-vb-arnhem-e-o"},
        {"sleutel": "body-vb-tt-arnhem-stuurgroep", "naam": "Stuurgroep toekomsttuin Arnhem",
         "soort": "stuurgroep", "onderdeel_van": "body-vb-tt-arnhem"},
        {"sleutel": "body-vb-tt-arnhem-kerngroep", "naam": "Kerngroep toekomsttuin Arnhem", "soort": "kerngroep",
         "onderdeel_van": "body-vb-tt-arnhem", "rapporteert_aan": "body-vb-tt-arnhem-stuurgroep"},
    ],
    "lidmaatschappen": [
        {"orgaan": "body-vb-jbt-centraal-gelderland", "lid": f"{_P}007", "rol": "voorzitter",
         "geldig_van": "2025-01-01"},
        {"orgaan": "body-vb-jbt-centraal-gelderland", "lid": "org-vb-gi-gelderland", "rol": "deelnemer"},
        {"orgaan": "body-vb-jbt-centraal-gelderland", "lid": "org-vb-vt-gelderland-midden", "rol": "deelnemer"},
        {"orgaan": "body-vb-jbt-centraal-gelderland", "lid": "org-vb-rvdk-oost", "rol": "deelnemer"},
        {"orgaan": "body-vb-tt-arnhem-kerngroep", "lid": f"{_P}001", "rol": "lid"},
        {"orgaan": "body-vb-tt-arnhem-kerngroep", "lid": f"{_P}005", "rol": "lid"},
        {"orgaan": "body-vb-tt-arnhem-stuurgroep", "lid": f"{_P}010", "rol": "voorzitter"},
    ],
    "casussen": [
        {"referentie": "JB-7KQ2-M4PX", "gemeente": "GM0202", "route": "315", "status": "open",
         "geopend": "2026-09-14", "stap": "onderzoek",
         "professionals": f"{_P}005:jeugdbeschermer;{_P}001:lt_medewerker"},
        {"referentie": "JB-R8TW-3HNC", "gemeente": "GM0274", "route": "301", "status": "open",
         "geopend": "2026-10-02", "stap": "aanmelding", "professionals": f"{_P}004:lt_medewerker"},
        {"referentie": "JB-9DFB-XK2E", "gemeente": "GM0202", "route": "315", "status": "closed",
         "geopend": "2025-11-20", "stap": "afsluiting", "professionals": f"{_P}006:jeugdbeschermer"},
    ],
}


def write_example(folder: Path) -> tuple[Path, Path]:
    """Write ``voorbeeld-werkmap.xlsx`` and the CSV folder ``voorbeeld-werkmap/`` into ``folder``."""
    xlsx = write_workbook(folder / "voorbeeld-werkmap.xlsx", EXAMPLE_ROWS)
    csvs = write_workbook(folder / "voorbeeld-werkmap", EXAMPLE_ROWS)
    return xlsx, csvs


if __name__ == "__main__":
    for path in write_example(Path(__file__).resolve().parents[1] / "examples"):
        print(f"wrote {path}")
