package io.berth.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Go's {@code strconv.FormatFloat} for float64 (formats e, E, f, g, G) and encoding/json's float form. */
final class Floats {
    /** Decimal digits without trailing zeros; the value is 0.{@code digits} × 10^{@code dp}. */
    private record Digits(String digits, int dp) {
        int nd() {
            return digits.length();
        }

        static Digits of(BigDecimal value) {
            if (value.signum() == 0) {
                return new Digits("", 0);
            }
            BigDecimal stripped = value.stripTrailingZeros();
            String digits = stripped.unscaledValue().abs().toString();
            return new Digits(digits, digits.length() - stripped.scale());
        }
    }

    private Floats() {}

    /** {@code strconv.FormatFloat(v, fmt, prec, 64)}; a negative {@code prec} means shortest. */
    static String format(double v, char fmt, int prec) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        boolean negative = Double.doubleToRawLongBits(v) < 0;
        double abs = Math.abs(v);
        char kind = Character.toLowerCase(fmt);
        boolean shortest = prec < 0;
        Digits digits;
        if (shortest) {
            digits = abs == 0 ? new Digits("", 0) : Digits.of(new BigDecimal(Double.toString(abs)));
            prec = switch (kind) {
                case 'e' -> Math.max(digits.nd() - 1, 0);
                case 'f' -> Math.max(digits.nd() - digits.dp(), 0);
                default -> digits.nd();
            };
        } else {
            if (kind == 'g' && prec == 0) {
                prec = 1;
            }
            digits = switch (kind) {
                case 'e' -> significant(abs, prec + 1);
                case 'f' -> Digits.of(new BigDecimal(abs).setScale(prec, RoundingMode.HALF_EVEN));
                default -> significant(abs, prec);
            };
        }
        String sign = negative ? "-" : "";
        return switch (kind) {
            case 'e' -> sign + fmtE(digits, prec, fmt);
            case 'f' -> sign + fmtF(digits, prec);
            default -> {
                int eprec = prec;
                if (eprec > digits.nd() && digits.nd() >= digits.dp()) {
                    eprec = digits.nd();
                }
                if (shortest) {
                    eprec = 6;
                }
                int exp = digits.dp() - 1;
                if (exp < -4 || exp >= eprec) {
                    yield sign + fmtE(digits, Math.min(prec, digits.nd()) - 1, fmt == 'G' ? 'E' : 'e');
                }
                yield sign + fmtF(digits, Math.max((prec > digits.dp() ? digits.nd() : prec) - digits.dp(), 0));
            }
        };
    }

    /** encoding/json's float64 form: like %f, or %e beyond [1e-6, 1e21), shortest, "e-07" as "e-7". */
    static String json(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("json: unsupported value: " + format(v, 'g', -1));
        }
        double abs = Math.abs(v);
        boolean exponent = abs != 0 && (abs < 1e-6 || abs >= 1e21);
        String s = format(v, exponent ? 'e' : 'f', -1);
        int n = s.length();
        if (exponent && n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
            s = s.substring(0, n - 2) + s.charAt(n - 1);
        }
        return s;
    }

    private static Digits significant(double abs, int n) {
        if (abs == 0) {
            return new Digits("", 0);
        }
        return Digits.of(new BigDecimal(abs).round(new MathContext(n, RoundingMode.HALF_EVEN)));
    }

    private static String fmtE(Digits d, int prec, char fmt) {
        StringBuilder b = new StringBuilder();
        b.append(d.nd() == 0 ? '0' : d.digits().charAt(0));
        if (prec > 0) {
            b.append('.');
            int i = 1;
            int m = Math.min(d.nd(), prec + 1);
            if (i < m) {
                b.append(d.digits(), i, m);
                i = m;
            }
            for (; i <= prec; i++) {
                b.append('0');
            }
        }
        b.append(fmt);
        int exp = d.nd() == 0 ? 0 : d.dp() - 1;
        b.append(exp < 0 ? '-' : '+');
        exp = Math.abs(exp);
        if (exp < 10) {
            b.append('0');
        }
        return b.append(exp).toString();
    }

    private static String fmtF(Digits d, int prec) {
        StringBuilder b = new StringBuilder();
        if (d.dp() > 0) {
            int m = Math.min(d.nd(), d.dp());
            b.append(d.digits(), 0, m);
            b.append("0".repeat(d.dp() - m));
        } else {
            b.append('0');
        }
        if (prec > 0) {
            b.append('.');
            for (int i = 1; i <= prec; i++) {
                int j = d.dp() + i - 1;
                b.append(j >= 0 && j < d.nd() ? d.digits().charAt(j) : '0');
            }
        }
        return b.toString();
    }
}
