//! Written into the crate generated from `fixtures/any_of.yaml` and run by
//! `generated_crates_compile.rs`: how its unions decode.

use gen_any_of::models::*;

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn a_listed_value_decodes_as_the_enum_branch() {
    assert_eq!(
        decode::<SupportUrl>(r#""""#),
        SupportUrl::Empty(SupportUrlEmpty::Empty)
    );
    assert_eq!(
        decode::<ModelName>(r#""small""#),
        ModelName::Enum(ModelNameEnum::Small)
    );
}

#[test]
fn any_other_string_decodes_as_the_string_branch() {
    assert_eq!(
        decode::<SupportUrl>(r#""https://example.com""#),
        SupportUrl::String("https://example.com".to_string())
    );
    assert_eq!(
        decode::<ModelName>(r#""huge""#),
        ModelName::String("huge".to_string())
    );
}

#[test]
fn a_oneof_of_string_enums_is_one_enum() {
    assert_eq!(decode::<State>(r#""running""#), State::Running);
    assert_eq!(
        decode::<State>(r#""paused""#),
        State::Unknown("paused".to_string())
    );
}
