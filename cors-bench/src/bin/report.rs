//! Turns a benchmark run into BENCHMARKS.md's tables and its chart (run by `scripts/report.sh`):
//!
//! ```text
//! report <criterion dir> <callgrind.tsv> <BENCHMARKS.md> <chart.svg> <machine description>
//! ```
//!
//! Reads criterion's median of every `<scenario>/<variant>` and the instruction counts of
//! `scripts/callgrind.sh`, replaces what lies between the `report:begin` and `report:end`
//! markers of BENCHMARKS.md, and draws the SVG without any plotting library.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

use cors_bench::{Scenario, Variant};

const BEGIN_MARKER: &str = "<!-- report:begin -->";
const END_MARKER: &str = "<!-- report:end -->";

/// Ratio of added cost over the floor (`#[cors]` / actix-cors) the issue allows on actual requests.
const ADDED_COST_TARGET: f64 = 0.5;
/// Ratio of total preflight cost (`#[cors]` / actix-cors) the issue allows.
const PREFLIGHT_TOTAL_TARGET: f64 = 0.8;

/// Ratio of total cost (named policy with `App::wrap` / actix-cors with `App::wrap`) allowed in
/// every scenario: a policy applied where actix-cors goes costs no more than actix-cors.
const WRAP_TOTAL_TARGET: f64 = 1.0;

/// One measure (ns or instructions) per scenario and variant.
type Measures = HashMap<(Scenario, Variant), f64>;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [criterion_dir, callgrind_tsv, benchmarks_md, chart_svg, machine] = arguments.as_slice()
    else {
        eprintln!(
            "usage: report <criterion dir> <callgrind.tsv> <BENCHMARKS.md> <chart.svg> <machine>"
        );
        return ExitCode::FAILURE;
    };
    match run(
        Path::new(criterion_dir),
        Path::new(callgrind_tsv),
        Path::new(benchmarks_md),
        Path::new(chart_svg),
        machine,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("report: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn run(
    criterion_dir: &Path,
    callgrind_tsv: &Path,
    benchmarks_md: &Path,
    chart_svg: &Path,
    machine: &str,
) -> Result<(), String> {
    let nanoseconds = criterion_medians(criterion_dir)?;
    let instructions = callgrind_counts(callgrind_tsv)?;
    let mut section = format!("{BEGIN_MARKER}\n\nMachine of this run: {machine}\n\n");
    section.push_str("### In-process latency (criterion median, ns per request)\n\n");
    section.push_str(&table(&nanoseconds, "ns"));
    section.push_str("\n### Instructions per request (callgrind)\n\n");
    section.push_str(&table(&instructions, "Ir"));
    section.push_str("\n![Added cost per scenario](added-cost.svg)\n\n");
    section.push_str(END_MARKER);

    let document = fs::read_to_string(benchmarks_md)
        .map_err(|error| format!("{}: {error}", benchmarks_md.display()))?;
    let (Some(begin), Some(end)) = (document.find(BEGIN_MARKER), document.find(END_MARKER)) else {
        return Err(format!(
            "{} has no {BEGIN_MARKER} ... {END_MARKER} section",
            benchmarks_md.display()
        ));
    };
    let updated = format!("{}{section}{}", &document[..begin], &document[end + END_MARKER.len()..]);
    fs::write(benchmarks_md, updated)
        .map_err(|error| format!("{}: {error}", benchmarks_md.display()))?;
    fs::write(chart_svg, chart(&nanoseconds))
        .map_err(|error| format!("{}: {error}", chart_svg.display()))
}

fn criterion_medians(criterion_dir: &Path) -> Result<Measures, String> {
    let mut medians = Measures::new();
    for scenario in Scenario::ALL {
        for variant in Variant::ALL {
            let path =
                criterion_dir.join(scenario.name()).join(variant.name()).join("new/estimates.json");
            let text = fs::read_to_string(&path)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            let estimates: serde_json::Value = serde_json::from_str(&text)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            let median = estimates["median"]["point_estimate"]
                .as_f64()
                .ok_or_else(|| format!("{}: no median.point_estimate", path.display()))?;
            medians.insert((scenario, variant), median);
        }
    }
    Ok(medians)
}

fn callgrind_counts(tsv: &Path) -> Result<Measures, String> {
    let text = fs::read_to_string(tsv).map_err(|error| format!("{}: {error}", tsv.display()))?;
    let mut counts = Measures::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [scenario, variant, count] = fields.as_slice() else {
            return Err(format!("{}: malformed line {line:?}", tsv.display()));
        };
        let (Some(scenario), Some(variant), Ok(count)) =
            (Scenario::from_name(scenario), Variant::from_name(variant), count.parse::<f64>())
        else {
            return Err(format!("{}: malformed line {line:?}", tsv.display()));
        };
        counts.insert((scenario, variant), count);
    }
    Ok(counts)
}

/// The target each scenario is judged by, and whether `cors_attr` meets it.
fn verdict(scenario: Scenario, floor: f64, actix_cors: f64, cors_attr: f64) -> (String, bool) {
    if scenario.is_preflight() {
        let ratio = cors_attr / actix_cors;
        (format!("total {ratio:.2} (<= {PREFLIGHT_TOTAL_TARGET})"), ratio <= PREFLIGHT_TOTAL_TARGET)
    } else {
        let ratio = (cors_attr - floor) / (actix_cors - floor);
        (format!("added {ratio:.2} (<= {ADDED_COST_TARGET})"), ratio <= ADDED_COST_TARGET)
    }
}

fn table(measures: &Measures, unit: &str) -> String {
    let mut text = String::from(
        "| scenario | floor | actix-cors | #[cors] | hand-written | .wrap(policy) | actix-cors adds | #[cors] adds | hand-written adds | #[cors] vs actix-cors | met | .wrap(policy) vs actix-cors | met |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|\n",
    );
    for scenario in Scenario::ALL {
        let measure = |variant| measures[&(scenario, variant)];
        let floor = measure(Variant::Floor);
        let actix_cors = measure(Variant::ActixCors);
        let cors_attr = measure(Variant::CorsAttr);
        let hand_written = measure(Variant::HandWritten);
        let policy_wrap = measure(Variant::PolicyWrap);
        let (target, met) = verdict(scenario, floor, actix_cors, cors_attr);
        let wrap_ratio = policy_wrap / actix_cors;
        let _ = writeln!(
            text,
            "| {scenario} | {floor:.0} | {actix_cors:.0} | {cors_attr:.0} | {hand_written:.0} | {policy_wrap:.0} | {:+.0} | {:+.0} | {:+.0} | {target} | {} | total {wrap_ratio:.2} (<= {WRAP_TOTAL_TARGET}) | {} |",
            actix_cors - floor,
            cors_attr - floor,
            hand_written - floor,
            if met { "yes" } else { "**no**" },
            if wrap_ratio <= WRAP_TOTAL_TARGET { "yes" } else { "**no**" },
        );
    }
    let _ = writeln!(
        text,
        "\n{unit} per request; \"adds\" = variant - floor of the same scenario and run. The floor has no \
         OPTIONS route, so its preflight rows are a 404."
    );
    text
}

/// Horizontal bars per scenario for floor, actix-cors and `#[cors]`: the floor's time in grey and
/// what each layer adds on top in its colour, labelled.
fn chart(nanoseconds: &Measures) -> String {
    const VARIANTS: [(Variant, &str, &str); 3] = [
        (Variant::Floor, "floor", "#9e9e9e"),
        (Variant::ActixCors, "actix-cors", "#d9534f"),
        (Variant::CorsAttr, "#[cors]", "#2b7bb9"),
    ];
    let label_width = 260.0;
    let plot_width = 520.0;
    let bar_height = 16.0;
    let group_gap = 18.0;
    let top = 40.0;
    let longest = nanoseconds.values().copied().fold(0.0, f64::max) * 1.15;
    let scale = plot_width / longest;
    let group_height = VARIANTS.len() as f64 * (bar_height + 4.0) + group_gap;
    let height = top + Scenario::ALL.len() as f64 * group_height + 30.0;
    let width = label_width + plot_width + 20.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Cost per request (criterion median, ns): \
         floor in grey, what the CORS layer adds in colour</text>\n"
    );
    for (group, scenario) in Scenario::ALL.into_iter().enumerate() {
        let group_top = top + group as f64 * group_height;
        let floor = nanoseconds[&(scenario, Variant::Floor)];
        for (row, (variant, name, colour)) in VARIANTS.into_iter().enumerate() {
            let total = nanoseconds[&(scenario, variant)];
            let y = group_top + row as f64 * (bar_height + 4.0);
            let base = floor.min(total) * scale;
            let added = (total - floor) * scale;
            let label = if row == 0 { format!("{scenario}  {name}") } else { name.to_owned() };
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\n\
                 <rect x=\"{label_width}\" y=\"{y:.1}\" width=\"{base:.1}\" height=\"{bar_height}\" fill=\"#cfcfcf\"/>\n",
                label_width - 8.0,
                y + bar_height - 4.0,
                escape(&label),
            );
            if added > 0.0 {
                let _ = writeln!(
                    svg,
                    "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{added:.1}\" height=\"{bar_height}\" fill=\"{colour}\"/>",
                    label_width + base
                );
            }
            let text = if variant == Variant::Floor {
                format!("{total:.0} ns")
            } else {
                format!("{total:.0} ns ({:+.0})", total - floor)
            };
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\">{text}</text>",
                label_width + total.max(floor) * scale + 6.0,
                y + bar_height - 4.0
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
