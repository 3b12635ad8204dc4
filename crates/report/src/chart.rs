//! Grouped bar charts as SVG, written directly: a chart is a few rectangles and texts, and
//! writing them ourselves keeps the output byte-for-byte deterministic and the text real text
//! (selectable, readable by screen readers), with no font files needed.

use std::fmt::Write;

use crate::escape::xml;

/// Bar colours with enough contrast on white and between each other (Okabe–Ito palette, safe
/// for colour-blind readers).
const PALETTE: [&str; 6] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];

/// A round step for the value axis: 1, 2 or 5 times a power of ten, giving about five ticks.
fn tick_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    step.max(1.0)
}

fn number(value: f64, decimal_separator: char) -> String {
    let text = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.2}") };
    text.replace('.', &decimal_separator.to_string())
}

/// The drawing's size, its margins around the plot, and the value axis's scale.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    plot_width: f64,
    plot_height: f64,
    /// The distance between two ticks of the value axis.
    step: f64,
    /// The value at the top of the axis: a whole number of steps at or above the largest value.
    axis_max: f64,
}

impl Frame {
    /// A 720 × 360 drawing whose value axis reaches just over `max`.
    fn new(max: f64) -> Self {
        let (width, height) = (720.0_f64, 360.0_f64);
        let (left, right, top, bottom) = (56.0, 16.0, 40.0, 96.0);
        let step = tick_step(max);
        Frame {
            width,
            height,
            left,
            right,
            top,
            plot_width: width - left - right,
            plot_height: height - top - bottom,
            step,
            axis_max: (max / step).ceil().max(1.0) * step,
        }
    }

    /// The vertical position of a value.
    fn y(&self, v: f64) -> f64 {
        self.top + self.plot_height * (1.0 - v / self.axis_max)
    }
}

/// Draws `values[category][series]` as groups of bars, with the value on each bar, the
/// categories under the groups and a legend of the series. Missing values draw no bar.
pub fn bar_chart_svg(
    title: &str,
    categories: &[String],
    series: &[String],
    values: &[Vec<Option<f64>>],
    decimal_separator: char,
) -> String {
    let frame = Frame::new(values.iter().flatten().flatten().copied().fold(0.0_f64, f64::max));
    let mut svg = String::new();
    write_start(&mut svg, &frame, title);
    write_value_axis(&mut svg, &frame, decimal_separator);
    let group_width = frame.plot_width / categories.len().max(1) as f64;
    let bar_width = (group_width * 0.8) / series.len().max(1) as f64;
    for (c, category) in categories.iter().enumerate() {
        let group_left = frame.left + group_width * c as f64 + group_width * 0.1;
        for (s, _) in series.iter().enumerate() {
            let Some(value) = values.get(c).and_then(|row| row.get(s)).copied().flatten() else { continue };
            write_bar(
                &mut svg,
                &frame,
                group_left + bar_width * s as f64,
                bar_width,
                s,
                value,
                decimal_separator,
            );
        }
        write_category_label(&mut svg, &frame, frame.left + group_width * (c as f64 + 0.5), category);
    }
    write_legend(&mut svg, &frame, series);
    svg.push_str("</svg>");
    svg
}

/// The `svg` element with the title as its accessible name, the title, and a white background.
fn write_start(svg: &mut String, frame: &Frame, title: &str) {
    let Frame { width, height, .. } = frame;
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}" font-family="Helvetica, Arial, sans-serif" font-size="12">"#,
        xml(title)
    );
    let _ = write!(svg, r#"<title>{}</title>"#, xml(title));
    let _ = write!(svg, r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##);
}

/// The grid with its values at each tick, and the zero line.
fn write_value_axis(svg: &mut String, frame: &Frame, decimal_separator: char) {
    let Frame { left, right, width, step, axis_max, .. } = *frame;
    let mut tick = 0.0;
    while tick <= axis_max + step / 2.0 {
        let ty = frame.y(tick);
        let _ = write!(
            svg,
            r##"<line x1="{left}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}" stroke="#d0d0d0" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333333">{}</text>"##,
            width - right,
            left - 6.0,
            ty + 4.0,
            number(tick, decimal_separator)
        );
        tick += step;
    }
    let _ = write!(
        svg,
        r##"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#333333" stroke-width="1"/>"##,
        frame.y(0.0),
        width - right,
        frame.y(0.0)
    );
}

/// One bar of series `s` at `x`, with its value above it.
fn write_bar(
    svg: &mut String,
    frame: &Frame,
    x: f64,
    bar_width: f64,
    s: usize,
    value: f64,
    decimal_separator: char,
) {
    let bar_top = frame.y(value);
    let _ = write!(
        svg,
        r##"<rect x="{x:.1}" y="{bar_top:.1}" width="{:.1}" height="{:.1}" fill="{}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#222222" font-size="11">{}</text>"##,
        bar_width - 2.0,
        (frame.y(0.0) - bar_top).max(0.0),
        PALETTE[s % PALETTE.len()],
        x + (bar_width - 2.0) / 2.0,
        bar_top - 4.0,
        number(value, decimal_separator)
    );
}

/// A category's label centred under its group at `x`, wrapped on two lines when long.
fn write_category_label(svg: &mut String, frame: &Frame, x: f64, category: &str) {
    let words: Vec<&str> = category.split_whitespace().collect();
    let half = words.len().div_ceil(2);
    let lines: Vec<String> = if category.chars().count() > 18 && words.len() > 1 {
        vec![words[..half].join(" "), words[half..].join(" ")]
    } else {
        vec![category.to_string()]
    };
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#222222">{}</text>"##,
            frame.y(0.0) + 18.0 + 14.0 * i as f64,
            xml(line)
        );
    }
}

/// A key of each series' colour and its name, in a row under the plot.
fn write_legend(svg: &mut String, frame: &Frame, series: &[String]) {
    for (s, name) in series.iter().enumerate() {
        let x = frame.left + 110.0 * s as f64;
        let ly = frame.height - 22.0;
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{ly:.1}" fill="#222222">{}</text>"##,
            ly - 10.0,
            PALETTE[s % PALETTE.len()],
            x + 18.0,
            xml(name)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(tick_step(171.0), 50.0);
        assert_eq!(tick_step(9.0), 2.0);
        assert_eq!(tick_step(0.0), 1.0);
    }

    #[test]
    fn draws_one_bar_per_value_and_escapes_labels() {
        let svg = bar_chart_svg(
            "Figuur 1: <test>",
            &["Seksuele uitbuiting".into(), "Orgaanhandel".into()],
            &["2019".into(), "2020".into()],
            &[vec![Some(171.0), Some(142.0)], vec![Some(0.0), None]],
            ',',
        );
        assert_eq!(svg.matches("<rect x=").count(), 3 + 2, "three bars and two legend keys");
        assert!(svg.contains("&lt;test&gt;"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
