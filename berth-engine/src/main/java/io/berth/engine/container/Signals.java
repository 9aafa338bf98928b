package io.berth.engine.container;

import io.berth.common.InvalidArgumentException;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers as Docker accepts them ({@code SIGTERM}, {@code TERM}, {@code 15}). */
final class Signals {
    static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5),
            Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
            Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17),
            Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21),
            Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25),
            Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29),
            Map.entry("POLL", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));

    private Signals() {}

    /** The signal number; blank means SIGKILL for kill and the caller's default otherwise. */
    static int parse(String signal) {
        String s = signal.strip().toUpperCase(Locale.ROOT);
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s);
            if (n < 1 || n > 64) {
                throw new InvalidArgumentException("Invalid signal: " + signal);
            }
            return n;
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (s.startsWith("RTMIN")) {
            return 34 + offset(s.substring(5), '+', signal);
        }
        if (s.startsWith("RTMAX")) {
            return 64 - offset(s.substring(5), '-', signal);
        }
        Integer n = NUMBERS.get(s);
        if (n == null) {
            throw new InvalidArgumentException("Invalid signal: " + signal);
        }
        return n;
    }

    /** Docker's names run from RTMIN to RTMIN+15 and from RTMAX-14 to RTMAX. */
    private static int offset(String rest, char sign, String original) {
        if (rest.isEmpty()) {
            return 0;
        }
        int max = sign == '+' ? 15 : 14;
        if (rest.charAt(0) == sign && rest.substring(1).matches("[0-9]{1,2}")) {
            int n = Integer.parseInt(rest.substring(1));
            if (n >= 1 && n <= max) {
                return n;
            }
        }
        throw new InvalidArgumentException("Invalid signal: " + original);
    }
}
