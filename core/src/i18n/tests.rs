//! Tests of the localized texts and of masking.

use super::*;

#[test]
fn languages() {
    assert_eq!(Language::from_code("it-IT"), Some(Language::It));
    assert_eq!(Language::from_code("EN_gb"), Some(Language::En));
    assert_eq!(Language::from_code("fr"), None);
}

#[test]
fn every_verdict_reason_is_localized_short_and_number_free() {
    let brand = Some(BrandNote { name: "Trend Micro", never_calls: false });
    for r in Reason::ALL {
        let Some(_) = reason_text(r) else { continue };
        let (en, en_advice) = describe_brand(r, Category::None, Language::En, brand);
        let (it, it_advice) = describe_brand(r, Category::None, Language::It, brand);
        let (en, it) = (en.unwrap(), it.unwrap());
        assert!(en != it || r == Reason::UserLabel, "{r:?} not translated");
        assert!(en.chars().count() <= 40 && it.chars().count() <= 40, "{r:?} label too long for a notification");
        assert_eq!(en_advice.is_some(), it_advice.is_some(), "{r:?}");
        for text in [en_advice, it_advice].into_iter().flatten() {
            assert!(text.chars().count() <= 160, "{r:?} advice too long");
            assert!(!text.chars().any(|c| c.is_ascii_digit()), "{r:?}");
        }
    }
}

#[test]
fn brand_advice_names_the_brand() {
    let brand = Some(BrandNote { name: "Trend Micro", never_calls: true });
    let (label, advice) = describe_brand(Reason::BrandImpersonation, Category::Impersonation, Language::En, brand);
    assert_eq!(label.as_deref(), Some("Fake Trend Micro call"));
    assert_eq!(
        advice.as_deref(),
        Some(
            "Trend Micro never calls customers unexpectedly. Hang up and contact support through the official website."
        )
    );
    let (_, it) = describe_brand(Reason::BrandInboundOnly, Category::Impersonation, Language::It, brand);
    assert!(it.unwrap().starts_with("Trend Micro non chiama mai"));
}

#[test]
fn category_labels_win_for_list_reasons() {
    let (label, _) = describe(Reason::UserBlock, Category::Scam, Language::It);
    assert_eq!(label.as_deref(), Some("Sospetta truffa"));
}

#[test]
fn masks_number_like_runs() {
    assert_eq!(mask_numbers("Pizza 24h"), "Pizza 24h");
    assert_eq!(mask_numbers("Call +41 44 668 18 00 now"), "Call … now");
    assert_eq!(mask_numbers("ref 12345"), "ref …");
}

#[test]
fn masking_covers_unicode_digits_and_any_separator() {
    for text in [
        "Call ＋４１ ４４ ６６８ １８ ００ now",
        "Call +41_44_668_18_00 now",
        "Call 044·668·18·00 now",
        "Call ٠٤٤ ٦٦٨ ١٨ ٠٠ now",
        "Call 044－668－1800 now",
        "Call 0\u{2009}4\u{2009}4\u{2009}6\u{2009}6\u{2009}8 now",
    ] {
        assert_eq!(mask_numbers(text), "Call … now", "{text}");
    }
    assert_eq!(mask_numbers("Call (044) 668-18-00 now"), "Call (… now");
    assert_eq!(mask_numbers("Top 10 spam"), "Top 10 spam");
    assert_eq!(mask_numbers("２４h"), "２４h");
}

#[test]
fn customer_reminders_name_the_brands() {
    assert_eq!(customer_reminder(&[], Language::En), None);
    assert_eq!(
        customer_reminder(&["Trend Micro"], Language::En).as_deref(),
        Some(
            "If the caller says they are from Trend Micro: Trend Micro never calls unexpectedly, and knowing your ticket number proves nothing — hang up."
        )
    );
    let it = customer_reminder(&["Trend Micro", "Microsoft", "Acme"], Language::It).unwrap();
    assert!(it.starts_with("Se chi chiama dice di essere di Trend Micro, Microsoft o Acme: non chiamano mai"), "{it}");
    let masked = customer_reminder(&["Call 0800 123 456"], Language::En).unwrap();
    assert!(!masked.contains("123"), "{masked}");
}

#[test]
fn the_fast_path_masks_as_the_full_scan_does() {
    for text in ["", "Pizza 24h", "+41 44", "Top 10 spam", "٠٤٤ ٦", "＋４１ ４", "1-2-3-4 go", "Fake {brand} call"]
    {
        assert!(!may_hold_number(text), "{text}");
        assert_eq!(mask_runs(text), text, "under five digits, nothing is masked: {text}");
        assert_eq!(mask_numbers(text), text);
    }
    for text in ["ref 12345", "1 2 3 4 5", "a1b2c3d4e5", "Call ٠٤٤ ٦٦ now"] {
        assert!(may_hold_number(text), "{text}");
        assert_eq!(mask_numbers(text), mask_runs(text));
    }
    assert_eq!(mask_numbers("a1b2c3d4e5"), "a1b2c3d4e5", "five digits, but no run of five");
}

proptest::proptest! {
    #[test]
    fn masking_with_or_without_the_fast_path_agrees(text in "[a-z0-9٠-٩+＋ ._-]{0,24}") {
        proptest::prop_assert_eq!(mask_numbers(&text), mask_runs(&text));
        proptest::prop_assert_eq!(mask_owned(text.clone()), mask_runs(&text));
    }
}
