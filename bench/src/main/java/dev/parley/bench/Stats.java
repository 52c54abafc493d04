package dev.parley.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/** Histograms in nanoseconds (1 µs to 5 minutes, 3 significant digits) and the formatting the table uses. */
final class Stats {
    static final long HIGHEST = 300_000_000_000L;

    private Stats() {
    }

    static Histogram histogram() {
        return new Histogram(1_000, HIGHEST, 3);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double p(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : ms(h.getValueAtPercentile(percentile));
    }

    static String f(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    /** "p50 / p99 / p99.9 / max ms" of a histogram. */
    static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "no samples";
        }
        return "p50 " + f(p(h, 50)) + " / p99 " + f(p(h, 99)) + " / p99.9 " + f(p(h, 99.9)) + " / max "
                + f(ms(h.getMaxValue())) + " ms (n=" + h.getTotalCount() + ")";
    }

    static String ratio(double parley, double limit) {
        if (Double.isNaN(parley) || Double.isNaN(limit) || limit <= 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f×", parley / limit);
    }
}
