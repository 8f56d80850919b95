//! String enums: variants, the catch-all, enums split over `oneOf`.

use super::*;

#[test]
fn a_string_enum_has_a_variant_per_value_and_a_catch_all() {
    let spec = spec("Color: {type: string, enum: [red, dark-blue, red]}");
    let space = space(&spec);
    let e = space.enum_named("Color");
    let variants: Vec<(&str, &str)> = e
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(variants, [("Red", "red"), ("DarkBlue", "dark-blue")]);
    assert_eq!(e.catch_all, "Unknown");
}

#[test]
fn the_catch_all_steps_aside_for_a_listed_unknown() {
    let spec = spec("State: {type: string, enum: [unknown, known]}");
    let space = space(&spec);
    assert_eq!(space.enum_named("State").catch_all, "Unknown2");
}

#[test]
fn a_one_of_of_single_value_enums_is_one_documented_enum() {
    let spec = spec(
        "State:
  oneOf:
    - {type: string, enum: [on], description: Running.}
    - {type: string, enum: [off], description: Stopped.}",
    );
    let space = space(&spec);
    let e = space.enum_named("State");
    let docs: Vec<(&str, &[String])> = e
        .variants
        .iter()
        .map(|v| (v.value.as_str(), v.doc.paragraphs.as_slice()))
        .collect();
    assert_eq!(
        docs,
        [
            ("on", &["Running.".to_string()][..]),
            ("off", &["Stopped.".to_string()][..])
        ]
    );
}
