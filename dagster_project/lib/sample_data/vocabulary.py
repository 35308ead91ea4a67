"""The words, places and people a sample's accounts are drawn from.

They live apart from the drawing so that the customer master, its groups and the product
mix (which pairs industries with categories) all read the same lists."""

INDUSTRIES = [
    "Automotive",
    "Chemicals",
    "Construction",
    "Electronics",
    "Food & Beverage",
    "Healthcare",
    "Logistics",
    "Machinery",
    "Retail",
    "Textiles",
]
# country, currency, weight
COUNTRIES = [
    ("IT", "EUR", 0.40),
    ("DE", "EUR", 0.15),
    ("FR", "EUR", 0.12),
    ("ES", "EUR", 0.08),
    ("NL", "EUR", 0.05),
    ("GB", "GBP", 0.08),
    ("US", "USD", 0.08),
    ("CH", "CHF", 0.04),
]
ACCOUNT_MANAGERS = [
    "Giulia Bianchi",
    "Marco Rossi",
    "Sofia Esposito",
    "Luca Romano",
    "Anna Weber",
    "Pierre Martin",
    "Laura García",
    "Tom Baker",
]
NAME_FIRST = [
    "Alpha",
    "Borea",
    "Cobalt",
    "Delta",
    "Etna",
    "Fenice",
    "Granito",
    "Helios",
    "Iride",
    "Lago",
    "Monte",
    "Nord",
    "Orione",
    "Polaris",
    "Quarzo",
    "Rubino",
    "Sole",
    "Tirreno",
    "Urano",
    "Vega",
    "Zefiro",
]
NAME_SECOND = [
    "Industrie",
    "Systems",
    "Logistica",
    "Foods",
    "Tech",
    "Meccanica",
    "Trading",
    "Materials",
    "Components",
    "Solutions",
    "Group",
    "Works",
]
NAME_SUFFIX = ["S.p.A.", "S.r.l.", "GmbH", "SA", "Ltd", "Inc.", "BV"]
# Groups under common control: their name stems (none is a first word of NAME_FIRST), and each
# country's name in a subsidiary's name with its legal forms (a holding's, a subsidiary's).
GROUP_STEMS = ["Aurelia", "Castellana", "Dolomia", "Marea", "Sirio", "Vesuvia"]
COUNTRY_NAMES = {
    "IT": ("Italia", "S.p.A.", "S.r.l."),
    "DE": ("Deutschland", "AG", "GmbH"),
    "FR": ("France", "SA", "SAS"),
    "ES": ("España", "S.A.", "S.L."),
    "NL": ("Nederland", "N.V.", "BV"),
    "GB": ("UK", "plc", "Ltd"),
    "US": ("USA", "Inc.", "LLC"),
    "CH": ("Schweiz", "AG", "GmbH"),
}
