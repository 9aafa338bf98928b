package io.berth.cli.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Go's {@code text/tabwriter}: lines of tab-terminated cells are aligned in columns. A column
 * block is a run of consecutive lines that have a cell in that column; its width is the widest
 * cell plus {@code padding}, at least {@code minWidth}. The text after a line's last tab is not
 * part of any column. Widths count code points, as Go counts runes.
 */
public final class TabWriter {
    /** Right-align cell content (Go's AlignRight). */
    public static final int ALIGN_RIGHT = 4;
    /** Columns whose cells are all empty take no space (Go's DiscardEmptyColumns). */
    public static final int DISCARD_EMPTY_COLUMNS = 8;
    /** Pad leading empty cells with tabs (Go's TabIndent). */
    public static final int TAB_INDENT = 16;
    /** Print a vertical bar between columns (Go's Debug). */
    public static final int DEBUG = 32;

    private final int minWidth;
    private final int tabWidth;
    private final int padding;
    private final char padChar;
    private final int flags;

    public TabWriter(int minWidth, int tabWidth, int padding, char padChar, int flags) {
        if (minWidth < 0 || tabWidth < 0 || padding < 0) {
            throw new IllegalArgumentException("negative minwidth, tabwidth, or padding");
        }
        if ((flags & ~(ALIGN_RIGHT | DISCARD_EMPTY_COLUMNS | TAB_INDENT | DEBUG)) != 0) {
            throw new IllegalArgumentException("unsupported tabwriter flags: " + flags);
        }
        this.minWidth = minWidth;
        this.tabWidth = tabWidth;
        this.padding = padding;
        this.padChar = padChar;
        // tab padding enforces left alignment, as in Go
        this.flags = padChar == '\t' ? flags & ~ALIGN_RIGHT : flags;
    }

    /** docker's tables: {@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)}. */
    public static TabWriter docker() {
        return new TabWriter(10, 1, 3, ' ', 0);
    }

    /** The aligned text; every input newline is kept, an unterminated last line stays unterminated. */
    public String format(String text) {
        String[] parts = text.split("\n", -1);
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            lines.add(last && parts[i].isEmpty() ? List.of() : Arrays.asList(parts[i].split("\t", -1)));
        }
        StringBuilder out = new StringBuilder();
        new Layout(lines, out).format(0, lines.size());
        return out.toString();
    }

    /** One formatting pass: the column widths known so far, as Go's recursive format keeps them. */
    private final class Layout {
        private final List<List<String>> lines;
        private final StringBuilder out;
        private final List<Integer> widths = new ArrayList<>();

        Layout(List<List<String>> lines, StringBuilder out) {
            this.lines = lines;
            this.out = out;
        }

        void format(int line0, int line1) {
            int column = widths.size();
            for (int at = line0; at < line1; at++) {
                if (column >= lines.get(at).size() - 1) {
                    continue;
                }
                // this line has a cell in this column: a column block starts here
                writeLines(line0, at);
                line0 = at;
                int width = minWidth;
                boolean discardable = true;
                for (; at < line1; at++) {
                    List<String> line = lines.get(at);
                    if (column >= line.size() - 1) {
                        break;
                    }
                    int cell = cellWidth(line.get(column));
                    width = Math.max(width, cell + padding);
                    if (cell > 0) {
                        discardable = false;
                    }
                }
                if (discardable && (flags & DISCARD_EMPTY_COLUMNS) != 0) {
                    width = 0;
                }
                widths.add(width);
                format(line0, at);
                widths.removeLast();
                line0 = at;
            }
            writeLines(line0, line1);
        }

        private void writeLines(int line0, int line1) {
            for (int i = line0; i < line1; i++) {
                List<String> line = lines.get(i);
                boolean useTabs = (flags & TAB_INDENT) != 0;
                for (int j = 0; j < line.size(); j++) {
                    String cell = line.get(j);
                    if (j > 0 && (flags & DEBUG) != 0) {
                        out.append('|');
                    }
                    boolean padded = j < widths.size();
                    if (cell.isEmpty()) {
                        if (padded) {
                            writePadding(0, widths.get(j), useTabs);
                        }
                    } else {
                        useTabs = false;
                        if ((flags & ALIGN_RIGHT) == 0) {
                            out.append(cell);
                            if (padded) {
                                writePadding(cellWidth(cell), widths.get(j), false);
                            }
                        } else {
                            if (padded) {
                                writePadding(cellWidth(cell), widths.get(j), false);
                            }
                            out.append(cell);
                        }
                    }
                }
                if (i + 1 < lines.size()) {
                    out.append('\n');
                }
            }
        }

        private void writePadding(int textWidth, int cellWidth, boolean useTabs) {
            if (padChar == '\t' || useTabs) {
                if (tabWidth == 0) {
                    return;
                }
                int width = (cellWidth + tabWidth - 1) / tabWidth * tabWidth;
                out.append("\t".repeat((width - textWidth + tabWidth - 1) / tabWidth));
                return;
            }
            out.append(String.valueOf(padChar).repeat(Math.max(0, cellWidth - textWidth)));
        }

        private static int cellWidth(String cell) {
            return cell.codePointCount(0, cell.length());
        }
    }
}
