use super::*;
use crate::verdict::{Action, Category};

#[test]
fn reads_rows_and_reports_bad_ones_by_line() {
    let text = "pattern,action,category,label\n\
                +4121560####,block,spam,\"Swiss spam, range\"\n\
                044 668 18 00,allow,,\n\
                +41,block,spam,\n\
                +41446681801,explode,spam,\n\
                +41446681802,label,nonsense,\n\
                \"+41446681803,label,spam,\n";
    let (rules, report) = parse_rules_csv(text, "CH".parse().ok()).unwrap();
    // Issue 17: an unknown category (line 6) is kept as `other` with a warning, no longer
    // rejected.
    assert_eq!(report.accepted, 3);
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[0].label.as_deref(), Some("Swiss spam, range"));
    assert_eq!(rules[1].category, Category::UserList);
    assert_eq!((rules[2].category, rules[2].label.as_deref()), (Category::Other, Some("nonsense")));
    let lines: Vec<u32> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![4, 5, 7]);
    assert_eq!(report.rejected[1].reason, "unknown action");
    assert_eq!(report.rejected[2].reason, "unbalanced quotes");
    assert_eq!(report.warnings, vec![RowError { line: 6, reason: "unknown category, kept as other".into() }]);
    for r in report.rejected.iter().chain(&report.warnings) {
        assert!(!r.reason.chars().any(|c| c.is_ascii_digit()), "{}", r.reason);
    }
}

#[test]
fn header_is_required() {
    assert!(parse_rules_csv("", None).is_err());
    assert!(parse_rules_csv("+41446681800,block\n", None).is_err());
    assert!(parse_rules_csv("\u{FEFF}Pattern,Action\n+41446681800,block\n", None).unwrap().1.accepted == 1);
}

#[test]
fn the_action_column_is_required_for_rules() {
    assert!(parse_rules_csv("pattern,label\n+41446681800,x\n", None).is_err());
    let (_, report) = parse_rules_csv("pattern,action\n+41446681800,\n", None).unwrap();
    assert_eq!(report.rejected[0].reason, "unknown action");
}

#[test]
fn columns_in_any_order_unknown_ones_warned_absent_optional_ones_defaulted() {
    let text = "label,Note,action,pattern\r\nHome,x,allow,+41446681800\r\n\"multi\r\nline\",,block,+41446681801\r\n";
    let (rules, report) = parse_rules_csv(text, None).unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(
        (rules[0].action, rules[0].category, rules[0].label.as_deref()),
        (Action::Allow, Category::UserList, Some("Home"))
    );
    assert_eq!(report.warnings, vec![RowError { line: 1, reason: "unknown column ignored".into() }]);
    assert_eq!(report.rejected, vec![RowError { line: 3, reason: "invalid label".into() }]);
}

#[test]
fn unknown_categories_keep_their_label_or_become_it() {
    let text = "pattern,action,category,label\n+41446681800,label,Business,\n+41446681801,label,charity,Red Cross\n\
                +41446681802,label,political,\n+41446681803,label,spam,\n";
    let (rules, report) = parse_rules_csv(text, None).unwrap();
    let got: Vec<(Category, Option<&str>)> = rules.iter().map(|r| (r.category, r.label.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            (Category::Other, Some("Business")),
            (Category::Other, Some("Red Cross")),
            (Category::Other, Some("political")),
            (Category::Spam, None)
        ]
    );
    assert_eq!(report.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), vec![2, 3, 4]);
    // A category that cannot be shown as a label is still an error.
    let (_, report) =
        parse_rules_csv(&format!("pattern,action,category\n+41446681800,block,{}\n", "x".repeat(101)), None).unwrap();
    assert_eq!(report.rejected, vec![RowError { line: 2, reason: "unknown category".into() }]);
}

#[test]
fn exports_quote_only_what_they_must_and_read_back() {
    let p = |s: &str| crate::number::Pattern::parse(s, None).unwrap();
    let rules = vec![
        Rule::new(p("+4121560####"), Action::Block, Category::Spam, Some("Swiss spam, \"range\"")).unwrap(),
        Rule::new(p("+41446681800"), Action::Allow, Category::UserList, None).unwrap(),
        Rule::new(p("+41446681801"), Action::Label, Category::Other, Some("Ärztin; Zürich"))
            .unwrap()
            .on_line("work, SIM 2")
            .unwrap()
            .during("mon-fri 09:00-17:00".parse().unwrap())
            .unwrap(),
    ];
    let text = export_rules_csv(&rules);
    assert_eq!(
        text,
        "pattern,action,category,label,line,schedule\n+4121560####,block,spam,\"Swiss spam, \"\"range\"\"\",,\n\
         +41446681800,allow,user_list,,,\n+41446681801,label,other,Ärztin; Zürich,\"work, SIM 2\",mon-fri 09:00-17:00\n"
    );
    let (back, report) = parse_rules_csv(&text, None).unwrap();
    assert_eq!(back, rules);
    assert_eq!((report.rejected.len(), report.warnings.len()), (0, 0));
    assert_eq!(export_rules_csv(&[]), "pattern,action,category,label,line,schedule\n");
}
