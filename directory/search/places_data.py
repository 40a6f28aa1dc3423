"""Where UK postcodes and place names are: postcode areas and major towns and cities, each to its region code.

Plain data written from public knowledge (Royal Mail postcode areas, ONS regions). A postcode area that straddles a
boundary is given the region where most of its people live; DISTRICT_OVERRIDES corrects the best-known exceptions.
Crown Dependencies (GY, JE, IM) are not in any region, so they are absent.
"""

POSTCODE_AREAS: dict[str, str] = {
    # London
    "E": "london", "EC": "london", "N": "london", "NW": "london", "SE": "london", "SW": "london", "W": "london",
    "WC": "london", "BR": "london", "CR": "london", "HA": "london", "IG": "london", "RM": "london", "SM": "london",
    "TW": "london", "UB": "london",
    # South East
    "BN": "south-east", "CT": "south-east", "DA": "south-east", "GU": "south-east", "HP": "south-east",
    "KT": "south-east", "ME": "south-east", "MK": "south-east", "OX": "south-east", "PO": "south-east",
    "RG": "south-east", "RH": "south-east", "SL": "south-east", "SO": "south-east", "TN": "south-east",
    # East of England
    "AL": "east-of-england", "CB": "east-of-england", "CM": "east-of-england", "CO": "east-of-england",
    "EN": "east-of-england", "IP": "east-of-england", "LU": "east-of-england", "NR": "east-of-england",
    "PE": "east-of-england", "SG": "east-of-england", "SS": "east-of-england", "WD": "east-of-england",
    # South West
    "BA": "south-west", "BH": "south-west", "BS": "south-west", "DT": "south-west", "EX": "south-west",
    "GL": "south-west", "PL": "south-west", "SN": "south-west", "SP": "south-west", "TA": "south-west",
    "TQ": "south-west", "TR": "south-west",
    # West Midlands
    "B": "west-midlands", "CV": "west-midlands", "DY": "west-midlands", "HR": "west-midlands",
    "ST": "west-midlands", "SY": "west-midlands", "TF": "west-midlands", "WR": "west-midlands",
    "WS": "west-midlands", "WV": "west-midlands",
    # East Midlands
    "DE": "east-midlands", "LE": "east-midlands", "LN": "east-midlands", "NG": "east-midlands",
    "NN": "east-midlands",
    # Yorkshire and the Humber
    "BD": "yorkshire-and-the-humber", "DN": "yorkshire-and-the-humber", "HD": "yorkshire-and-the-humber",
    "HG": "yorkshire-and-the-humber", "HU": "yorkshire-and-the-humber", "HX": "yorkshire-and-the-humber",
    "LS": "yorkshire-and-the-humber", "S": "yorkshire-and-the-humber", "WF": "yorkshire-and-the-humber",
    "YO": "yorkshire-and-the-humber",
    # North East
    "DH": "north-east", "DL": "north-east", "NE": "north-east", "SR": "north-east", "TS": "north-east",
    # North West
    "BB": "north-west", "BL": "north-west", "CA": "north-west", "CH": "north-west", "CW": "north-west",
    "FY": "north-west", "L": "north-west", "LA": "north-west", "M": "north-west", "OL": "north-west",
    "PR": "north-west", "SK": "north-west", "WA": "north-west", "WN": "north-west",
    # Wales
    "CF": "wales", "LD": "wales", "LL": "wales", "NP": "wales", "SA": "wales",
    # Scotland
    "AB": "scotland", "DD": "scotland", "DG": "scotland", "EH": "scotland", "FK": "scotland", "G": "scotland",
    "HS": "scotland", "IV": "scotland", "KA": "scotland", "KW": "scotland", "KY": "scotland", "ML": "scotland",
    "PA": "scotland", "PH": "scotland", "TD": "scotland", "ZE": "scotland",
    # Northern Ireland
    "BT": "northern-ireland",
}

# Outward codes (area + district) whose region differs from their area's.
DISTRICT_OVERRIDES: dict[str, str] = {
    **{f"KT{n}": "london" for n in (1, 2, 3, 4, 5, 6, 9)},
    **{f"DA{n}": "london" for n in (5, 6, 7, 8, 14, 15, 16, 17, 18)},
    **{f"EN{n}": "london" for n in (1, 2, 3, 4, 5)},
    **{f"CH{n}": "wales" for n in (5, 6, 7, 8)},
    **{f"SY{n}": "wales" for n in (15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25)},
    **{f"S{n}": "east-midlands" for n in (18, 40, 41, 42, 43, 44, 45, 80, 81)},
    **{f"DN{n}": "east-midlands" for n in (21, 22)},
    **{f"NP{n}": "wales" for n in range(4, 27)},
    "TD15": "north-east",
    **{f"PE{n}": "east-midlands" for n in (9, 10, 11, 12, 20, 21, 22, 23, 24, 25)},
}

# Major towns, cities, boroughs and counties, lower case. Names that are also everyday words are in
# AMBIGUOUS_PLACES: they count as places in a query only when capitalised, and always in the `place` box.
PLACES: dict[str, str] = {
    # London and its boroughs
    "london": "london", "city of london": "london", "westminster": "london", "camden": "london",
    "islington": "london", "hackney": "london", "tower hamlets": "london", "newham": "london", "southwark": "london",
    "lambeth": "london", "lewisham": "london", "greenwich": "london", "wandsworth": "london",
    "hammersmith": "london", "fulham": "london", "kensington": "london", "chelsea": "london", "brent": "london",
    "ealing": "london", "hounslow": "london", "hillingdon": "london", "harrow": "london", "barnet": "london",
    "enfield": "london", "haringey": "london", "waltham forest": "london", "redbridge": "london",
    "barking": "london", "dagenham": "london", "havering": "london", "bexley": "london", "bromley": "london",
    "croydon": "london", "sutton": "london", "merton": "london", "kingston upon thames": "london",
    "richmond upon thames": "london", "stratford": "london", "canary wharf": "london", "white city": "london",
    "kings cross": "london", "king's cross": "london", "whitechapel": "london", "tottenham": "london",
    # South East
    "oxford": "south-east", "oxfordshire": "south-east", "reading": "south-east", "brighton": "south-east",
    "hove": "south-east", "southampton": "south-east", "portsmouth": "south-east", "milton keynes": "south-east",
    "slough": "south-east", "guildford": "south-east", "crawley": "south-east", "maidstone": "south-east",
    "canterbury": "south-east", "kent": "south-east", "surrey": "south-east", "sussex": "south-east",
    "east sussex": "south-east", "west sussex": "south-east", "hampshire": "south-east", "berkshire": "south-east",
    "buckinghamshire": "south-east", "high wycombe": "south-east", "aylesbury": "south-east",
    "basingstoke": "south-east", "winchester": "south-east", "chichester": "south-east", "worthing": "south-east",
    "eastbourne": "south-east", "hastings": "south-east", "dover": "south-east", "folkestone": "south-east",
    "ashford": "south-east", "tunbridge wells": "south-east", "sandwich": "south-east", "woking": "south-east",
    "harwell": "south-east", "abingdon": "south-east", "didcot": "south-east", "isle of wight": "south-east",
    "chatham": "south-east", "medway": "south-east", "bracknell": "south-east", "wokingham": "south-east",
    "newbury": "south-east", "banbury": "south-east", "bicester": "south-east",
    # East of England
    "cambridge": "east-of-england", "cambridgeshire": "east-of-england", "norwich": "east-of-england",
    "norfolk": "east-of-england", "ipswich": "east-of-england", "suffolk": "east-of-england",
    "stevenage": "east-of-england", "luton": "east-of-england", "peterborough": "east-of-england",
    "chelmsford": "east-of-england", "colchester": "east-of-england", "essex": "east-of-england",
    "hertfordshire": "east-of-england", "bedford": "east-of-england", "bedfordshire": "east-of-england",
    "watford": "east-of-england", "st albans": "east-of-england", "hatfield": "east-of-england",
    "welwyn garden city": "east-of-england", "harlow": "east-of-england", "southend": "east-of-england",
    "southend-on-sea": "east-of-england", "basildon": "east-of-england", "hinxton": "east-of-england",
    "great yarmouth": "east-of-england", "kings lynn": "east-of-england", "king's lynn": "east-of-england",
    "bury st edmunds": "east-of-england", "hemel hempstead": "east-of-england",
    # South West
    "bristol": "south-west", "exeter": "south-west", "plymouth": "south-west", "bath": "south-west",
    "cornwall": "south-west", "devon": "south-west", "somerset": "south-west", "dorset": "south-west",
    "gloucester": "south-west", "gloucestershire": "south-west", "cheltenham": "south-west",
    "swindon": "south-west", "wiltshire": "south-west", "salisbury": "south-west", "bournemouth": "south-west",
    "poole": "south-west", "taunton": "south-west", "truro": "south-west", "torquay": "south-west",
    "barnstaple": "south-west", "yeovil": "south-west", "weston-super-mare": "south-west",
    # West Midlands
    "birmingham": "west-midlands", "coventry": "west-midlands", "wolverhampton": "west-midlands",
    "stoke": "west-midlands", "stoke-on-trent": "west-midlands", "stoke on trent": "west-midlands",
    "walsall": "west-midlands", "dudley": "west-midlands", "sandwell": "west-midlands",
    "west bromwich": "west-midlands", "solihull": "west-midlands", "black country": "west-midlands",
    "worcester": "west-midlands", "worcestershire": "west-midlands", "hereford": "west-midlands",
    "herefordshire": "west-midlands", "shrewsbury": "west-midlands", "shropshire": "west-midlands",
    "telford": "west-midlands", "stafford": "west-midlands", "staffordshire": "west-midlands",
    "warwick": "west-midlands", "warwickshire": "west-midlands", "leamington spa": "west-midlands",
    "nuneaton": "west-midlands", "rugby": "west-midlands", "redditch": "west-midlands",
    "kidderminster": "west-midlands", "edgbaston": "west-midlands", "newcastle-under-lyme": "west-midlands",
    # East Midlands
    "nottingham": "east-midlands", "nottinghamshire": "east-midlands", "leicester": "east-midlands",
    "leicestershire": "east-midlands", "derby": "east-midlands", "derbyshire": "east-midlands",
    "lincoln": "east-midlands", "lincolnshire": "east-midlands", "northampton": "east-midlands",
    "northamptonshire": "east-midlands", "loughborough": "east-midlands", "chesterfield": "east-midlands",
    "mansfield": "east-midlands", "kettering": "east-midlands", "corby": "east-midlands",
    "boston": "east-midlands", "grantham": "east-midlands", "rutland": "east-midlands",
    # Yorkshire and the Humber
    "leeds": "yorkshire-and-the-humber", "sheffield": "yorkshire-and-the-humber",
    "bradford": "yorkshire-and-the-humber", "york": "yorkshire-and-the-humber", "hull": "yorkshire-and-the-humber",
    "kingston upon hull": "yorkshire-and-the-humber", "huddersfield": "yorkshire-and-the-humber",
    "wakefield": "yorkshire-and-the-humber", "doncaster": "yorkshire-and-the-humber",
    "rotherham": "yorkshire-and-the-humber", "barnsley": "yorkshire-and-the-humber",
    "halifax": "yorkshire-and-the-humber", "harrogate": "yorkshire-and-the-humber",
    "scarborough": "yorkshire-and-the-humber", "grimsby": "yorkshire-and-the-humber",
    "scunthorpe": "yorkshire-and-the-humber", "yorkshire": "yorkshire-and-the-humber",
    "west yorkshire": "yorkshire-and-the-humber", "south yorkshire": "yorkshire-and-the-humber",
    "north yorkshire": "yorkshire-and-the-humber", "east yorkshire": "yorkshire-and-the-humber",
    "humber": "yorkshire-and-the-humber",
    # North East
    "newcastle": "north-east", "newcastle upon tyne": "north-east", "sunderland": "north-east",
    "durham": "north-east", "county durham": "north-east", "middlesbrough": "north-east", "teesside": "north-east",
    "gateshead": "north-east", "darlington": "north-east", "hartlepool": "north-east",
    "stockton-on-tees": "north-east", "stockton": "north-east", "northumberland": "north-east",
    "south shields": "north-east", "north tyneside": "north-east", "tyneside": "north-east",
    "redcar": "north-east", "billingham": "north-east",
    # North West
    "manchester": "north-west", "greater manchester": "north-west", "liverpool": "north-west",
    "salford": "north-west", "stockport": "north-west", "bolton": "north-west", "wigan": "north-west",
    "oldham": "north-west", "rochdale": "north-west", "bury": "north-west", "trafford": "north-west",
    "tameside": "north-west", "preston": "north-west", "blackpool": "north-west", "blackburn": "north-west",
    "burnley": "north-west", "lancaster": "north-west", "lancashire": "north-west", "chester": "north-west",
    "cheshire": "north-west", "warrington": "north-west", "crewe": "north-west", "macclesfield": "north-west",
    "alderley park": "north-west", "runcorn": "north-west", "widnes": "north-west", "st helens": "north-west",
    "birkenhead": "north-west", "wirral": "north-west", "southport": "north-west", "carlisle": "north-west",
    "cumbria": "north-west", "barrow-in-furness": "north-west", "kendal": "north-west", "merseyside": "north-west",
    "knowsley": "north-west", "speke": "north-west",
    # Wales
    "cardiff": "wales", "swansea": "wales", "newport": "wales", "wrexham": "wales", "bangor": "wales",
    "aberystwyth": "wales", "bridgend": "wales", "merthyr tydfil": "wales", "pontypridd": "wales",
    "llanelli": "wales", "carmarthen": "wales", "caerphilly": "wales", "barry": "wales", "neath": "wales",
    "port talbot": "wales", "anglesey": "wales", "gwynedd": "wales", "powys": "wales", "pembrokeshire": "wales",
    "cymru": "wales",
    # Scotland
    "edinburgh": "scotland", "glasgow": "scotland", "aberdeen": "scotland", "dundee": "scotland",
    "inverness": "scotland", "stirling": "scotland", "perth": "scotland", "st andrews": "scotland",
    "paisley": "scotland", "livingston": "scotland", "dunfermline": "scotland", "kirkcaldy": "scotland",
    "falkirk": "scotland", "ayr": "scotland", "kilmarnock": "scotland", "motherwell": "scotland",
    "hamilton": "scotland", "east kilbride": "scotland", "dumfries": "scotland", "fife": "scotland",
    "lanarkshire": "scotland", "midlothian": "scotland", "west lothian": "scotland", "highlands": "scotland",
    # Northern Ireland
    "belfast": "northern-ireland", "derry": "northern-ireland", "londonderry": "northern-ireland",
    "lisburn": "northern-ireland", "newry": "northern-ireland", "armagh": "northern-ireland",
    "coleraine": "northern-ireland", "craigavon": "northern-ireland", "ballymena": "northern-ireland",
    "bangor county down": "northern-ireland", "antrim": "northern-ireland", "county down": "northern-ireland",
    # Nations and regions by name
    "scotland": "scotland", "wales": "wales", "northern ireland": "northern-ireland",
    "north east": "north-east", "north west": "north-west", "east midlands": "east-midlands",
    "west midlands": "west-midlands", "east of england": "east-of-england", "south east": "south-east",
    "south west": "south-west", "yorkshire and the humber": "yorkshire-and-the-humber",
}

AMBIGUOUS_PLACES = frozenset({
    "reading", "bath", "bury", "boston", "barry", "sandwich", "rugby", "sutton", "stockton", "newport",
    "hamilton", "perth", "bangor", "neath", "derry", "antrim", "poole", "hull", "chelsea", "brent", "merton",
    "greenwich", "stratford", "ashford", "lancaster", "richmond", "hatfield", "speke",
})

# A representative postcode district for each place above (its centre, or its county town's for a county), so a
# place name becomes a point for distances. Nations and regions named as places have none: they are areas, not
# points. Northern Ireland's places have none either: no open coordinates cover BT postcodes.
PLACE_DISTRICTS: dict[str, str] = {
    # London
    "london": "WC2N", "city of london": "EC2V", "westminster": "SW1A", "camden": "NW1", "islington": "N1",
    "hackney": "E8", "tower hamlets": "E14", "newham": "E13", "southwark": "SE1", "lambeth": "SE11",
    "lewisham": "SE13", "greenwich": "SE10", "wandsworth": "SW18", "hammersmith": "W6", "fulham": "SW6",
    "kensington": "W8", "chelsea": "SW3", "brent": "NW10", "ealing": "W5", "hounslow": "TW3", "hillingdon": "UB8",
    "harrow": "HA1", "barnet": "EN5", "enfield": "EN1", "haringey": "N8", "waltham forest": "E17",
    "redbridge": "IG1", "barking": "IG11", "dagenham": "RM10", "havering": "RM1", "bexley": "DA5", "bromley": "BR1",
    "croydon": "CR0", "sutton": "SM1", "merton": "SW19", "kingston upon thames": "KT1",
    "richmond upon thames": "TW9", "stratford": "E15", "canary wharf": "E14", "white city": "W12",
    "kings cross": "N1C", "king's cross": "N1C", "whitechapel": "E1", "tottenham": "N17",
    # South East
    "oxford": "OX1", "oxfordshire": "OX1", "reading": "RG1", "brighton": "BN1", "hove": "BN3",
    "southampton": "SO14", "portsmouth": "PO1", "milton keynes": "MK9", "slough": "SL1", "guildford": "GU1",
    "crawley": "RH10", "maidstone": "ME14", "canterbury": "CT1", "kent": "ME14", "surrey": "GU1",
    "sussex": "BN1", "east sussex": "BN7", "west sussex": "PO19", "hampshire": "SO23", "berkshire": "RG1",
    "buckinghamshire": "HP20", "high wycombe": "HP11", "aylesbury": "HP20", "basingstoke": "RG21",
    "winchester": "SO23", "chichester": "PO19", "worthing": "BN11", "eastbourne": "BN21", "hastings": "TN34",
    "dover": "CT16", "folkestone": "CT20", "ashford": "TN23", "tunbridge wells": "TN1", "sandwich": "CT13",
    "woking": "GU21", "harwell": "OX11", "abingdon": "OX14", "didcot": "OX11", "isle of wight": "PO30",
    "chatham": "ME4", "medway": "ME4", "bracknell": "RG12", "wokingham": "RG40", "newbury": "RG14",
    "banbury": "OX16", "bicester": "OX26",
    # East of England
    "cambridge": "CB2", "cambridgeshire": "CB2", "norwich": "NR1", "norfolk": "NR1", "ipswich": "IP1",
    "suffolk": "IP1", "stevenage": "SG1", "luton": "LU1", "peterborough": "PE1", "chelmsford": "CM1",
    "colchester": "CO1", "essex": "CM1", "hertfordshire": "SG14", "bedford": "MK40", "bedfordshire": "MK40",
    "watford": "WD17", "st albans": "AL1", "hatfield": "AL10", "welwyn garden city": "AL8", "harlow": "CM20",
    "southend": "SS1", "southend-on-sea": "SS1", "basildon": "SS14", "hinxton": "CB10", "great yarmouth": "NR30",
    "kings lynn": "PE30", "king's lynn": "PE30", "bury st edmunds": "IP33", "hemel hempstead": "HP1",
    # South West
    "bristol": "BS1", "exeter": "EX1", "plymouth": "PL1", "bath": "BA1", "cornwall": "TR1", "devon": "EX1",
    "somerset": "TA1", "dorset": "DT1", "gloucester": "GL1", "gloucestershire": "GL1", "cheltenham": "GL50",
    "swindon": "SN1", "wiltshire": "BA14", "salisbury": "SP1", "bournemouth": "BH1", "poole": "BH15",
    "taunton": "TA1", "truro": "TR1", "torquay": "TQ1", "barnstaple": "EX31", "yeovil": "BA20",
    "weston-super-mare": "BS23",
    # West Midlands
    "birmingham": "B1", "coventry": "CV1", "wolverhampton": "WV1", "stoke": "ST4", "stoke-on-trent": "ST4",
    "stoke on trent": "ST4", "walsall": "WS1", "dudley": "DY1", "sandwell": "B70", "west bromwich": "B70",
    "solihull": "B91", "black country": "DY1", "worcester": "WR1", "worcestershire": "WR1", "hereford": "HR1",
    "herefordshire": "HR1", "shrewsbury": "SY1", "shropshire": "SY1", "telford": "TF3", "stafford": "ST16",
    "staffordshire": "ST16", "warwick": "CV34", "warwickshire": "CV34", "leamington spa": "CV32",
    "nuneaton": "CV11", "rugby": "CV21", "redditch": "B97", "kidderminster": "DY10", "edgbaston": "B15",
    "newcastle-under-lyme": "ST5",
    # East Midlands
    "nottingham": "NG1", "nottinghamshire": "NG1", "leicester": "LE1", "leicestershire": "LE1", "derby": "DE1",
    "derbyshire": "DE4", "lincoln": "LN1", "lincolnshire": "LN1", "northampton": "NN1",
    "northamptonshire": "NN1", "loughborough": "LE11", "chesterfield": "S40", "mansfield": "NG18",
    "kettering": "NN16", "corby": "NN17", "boston": "PE21", "grantham": "NG31", "rutland": "LE15",
    # Yorkshire and the Humber
    "leeds": "LS1", "sheffield": "S1", "bradford": "BD1", "york": "YO1", "hull": "HU1",
    "kingston upon hull": "HU1", "huddersfield": "HD1", "wakefield": "WF1", "doncaster": "DN1",
    "rotherham": "S60", "barnsley": "S70", "halifax": "HX1", "harrogate": "HG1", "scarborough": "YO11",
    "grimsby": "DN31", "scunthorpe": "DN15", "yorkshire": "LS1", "west yorkshire": "LS1",
    "south yorkshire": "S1", "north yorkshire": "DL7", "east yorkshire": "HU17", "humber": "HU1",
    # North East
    "newcastle": "NE1", "newcastle upon tyne": "NE1", "sunderland": "SR1", "durham": "DH1",
    "county durham": "DH1", "middlesbrough": "TS1", "teesside": "TS1", "gateshead": "NE8", "darlington": "DL1",
    "hartlepool": "TS24", "stockton-on-tees": "TS18", "stockton": "TS18", "northumberland": "NE61",
    "south shields": "NE33", "north tyneside": "NE29", "tyneside": "NE1", "redcar": "TS10", "billingham": "TS23",
    # North West
    "manchester": "M1", "greater manchester": "M1", "liverpool": "L1", "salford": "M5", "stockport": "SK1",
    "bolton": "BL1", "wigan": "WN1", "oldham": "OL1", "rochdale": "OL16", "bury": "BL9", "trafford": "M32",
    "tameside": "OL6", "preston": "PR1", "blackpool": "FY1", "blackburn": "BB1", "burnley": "BB11",
    "lancaster": "LA1", "lancashire": "PR1", "chester": "CH1", "cheshire": "CH1", "warrington": "WA1",
    "crewe": "CW1", "macclesfield": "SK11", "alderley park": "SK10", "runcorn": "WA7", "widnes": "WA8",
    "st helens": "WA10", "birkenhead": "CH41", "wirral": "CH41", "southport": "PR8", "carlisle": "CA1",
    "cumbria": "CA1", "barrow-in-furness": "LA14", "kendal": "LA9", "merseyside": "L1", "knowsley": "L34",
    "speke": "L24",
    # Wales
    "cardiff": "CF10", "swansea": "SA1", "newport": "NP20", "wrexham": "LL11", "bangor": "LL57",
    "aberystwyth": "SY23", "bridgend": "CF31", "merthyr tydfil": "CF47", "pontypridd": "CF37", "llanelli": "SA15",
    "carmarthen": "SA31", "caerphilly": "CF83", "barry": "CF62", "neath": "SA11", "port talbot": "SA13",
    "anglesey": "LL77", "gwynedd": "LL55", "powys": "LD1", "pembrokeshire": "SA61",
    # Scotland
    "edinburgh": "EH1", "glasgow": "G1", "aberdeen": "AB10", "dundee": "DD1", "inverness": "IV1",
    "stirling": "FK8", "perth": "PH1", "st andrews": "KY16", "paisley": "PA1", "livingston": "EH54",
    "dunfermline": "KY12", "kirkcaldy": "KY1", "falkirk": "FK1", "ayr": "KA7", "kilmarnock": "KA1",
    "motherwell": "ML1", "hamilton": "ML3", "east kilbride": "G74", "dumfries": "DG1", "fife": "KY1",
    "lanarkshire": "ML1", "midlothian": "EH22", "west lothian": "EH54", "highlands": "IV1",
}
