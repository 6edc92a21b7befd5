namespace Timeline.Web.Features.Generate;

/// <summary>The invented world of the synthetic timeline: places, bodies, people, outlets and topics that exist nowhere.</summary>
internal static class SyntheticWords
{
    public static readonly string[] Places =
    [
        "Varnholm", "Eskerby", "Tallow Bay", "Morrowgate", "Kestrel Point", "Ondra", "Halvik", "Brennmoor", "Saltmere", "Iverdale",
        "Corvanth", "Lisk", "Pellary", "Upper Wend", "Drossel", "Amberlow", "Quillon", "Rostova Reach", "Feyn", "Gallowmere",
        "Norhaven", "Tiberne", "Ashcombe", "Velmora", "Stroud Harbour", "Oskarvik", "Marrowby", "Elsinford", "Caddock", "Wrenfield",
    ];

    public static readonly string[] Bodies =
    [
        "Harbour Commission", "Ministry of Labour", "Federal Audit Office", "Council of Ports", "Grain Board", "Maritime Union",
        "Supreme Court", "Border Agency", "Treasury", "Parliament", "Mining Guild", "Rail Authority", "Energy Directorate",
        "Committee on Sanctions", "Trade Chamber", "Fisheries Council", "Customs Service", "Workers' Federation", "Central Bank",
        "Office of the Ombudsman",
    ];

    public static readonly string[] GivenNames =
    [
        "Mira", "Tobias", "Anselm", "Ilse", "Kasimir", "Yara", "Bertil", "Odile", "Fenna", "Leopold", "Sabine", "Rurik",
        "Clemence", "Jorin", "Maren", "Emeric", "Talia", "Viggo", "Petra", "Aurel",
    ];

    public static readonly string[] FamilyNames =
    [
        "Solberg", "Varga", "Okonkwo", "Lindqvist", "Marchetti", "Haldane", "Petrescu", "Ibarra", "Kowalczyk", "Duvall",
        "Mbeki", "Tanaka", "Ferreira", "Novak", "Sørensen", "Achterberg", "Quist", "Rahimi", "Castellan", "Vuković",
    ];

    public static readonly string[] Outlets =
    [
        "The Varnholm Ledger", "Eskerby Morning Post", "Harbour Weekly", "The Northern Courier", "Tallow Bay Herald",
        "The Coastal Review", "Morrowgate Gazette", "Ondra Daily", "The Iverdale Observer", "Saltmere Evening News",
        "Brennmoor Tribune", "The Amberlow Record", "Quillon Press Agency", "The Feyn Dispatch", "Norhaven Times",
        "The Continental Monitor", "Velmora Wire", "The Labour Bulletin", "Oskarvik Sentinel", "The Elsinford Journal",
    ];

    /// <summary>A topic: its tag, a noun phrase for titles, and the words its sentences are made of.</summary>
    public static readonly Topic[] Topics =
    [
        new("Sanctions", "sanctions on timber exports", "sanctions", "export licences", "inspectors"),
        new("Labour", "contracts for seasonal workers", "workers", "work permits", "dormitories"),
        new("Shipping", "the new container terminal", "cargo ships", "berths", "tonnage"),
        new("Elections", "the disputed provincial vote", "ballots", "polling stations", "turnout"),
        new("Energy", "the coal power phase-out", "power plants", "tariffs", "pipelines"),
        new("Fisheries", "quotas for herring and cod", "trawlers", "catch quotas", "fishing grounds"),
        new("Mining", "the copper mine expansion", "miners", "ore shipments", "tailings"),
        new("Courts", "the appeal over land rights", "judges", "rulings", "appeals"),
        new("Trade", "the customs union agreement", "tariff lines", "import duties", "traders"),
        new("Migration", "residence rules for students", "student visas", "residence permits", "arrivals"),
        new("Health", "the hospital funding plan", "hospitals", "clinics", "vaccination rates"),
        new("Railways", "the northern rail link", "rail lines", "freight trains", "timetables"),
        new("Housing", "the harbour district rebuilding", "tenants", "rents", "building permits"),
        new("Finance", "the bank restructuring", "bonds", "deposits", "interest rates"),
        new("Environment", "the wetland protection order", "wetlands", "emissions", "river levels"),
        new("Agriculture", "the grain price floor", "grain", "harvests", "fertiliser"),
        new("Press freedom", "the broadcasting licence law", "journalists", "licences", "newsrooms"),
        new("Corruption", "the procurement inquiry", "contracts", "bribes", "auditors"),
        new("Diplomacy", "talks on the border treaty", "envoys", "treaties", "border posts"),
        new("Strikes", "the dockworkers' strike", "strikers", "picket lines", "wage offers"),
    ];

    public static readonly string[] Verbs =
    [
        "approved", "rejected", "suspended", "extended", "announced", "postponed", "challenged", "reviewed", "expanded", "cut",
        "defended", "investigated", "revised", "endorsed", "halted",
    ];

    public static readonly string[] Months =
    [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ];
}

/// <summary>A subject the synthetic events are about.</summary>
internal sealed record Topic(string Tag, string Subject, string Things, string Measures, string People);
