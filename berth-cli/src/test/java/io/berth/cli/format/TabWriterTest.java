package io.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TabWriterTest {
    @Test
    void dockerPsHeaderWithoutRows() {
        String text = "CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES\n";

        String out = TabWriter.docker().format(text);

        assertThat(out).isEqualTo("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n");
    }

    @Test
    void dockerPsWithARowWidensColumnsAndCountsCodePoints() {
        String text = """
                CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES
                a1b2c3d4e5f6\tnginx:latest\t"/docker-entrypoint.…"\t2 minutes ago\tUp 2 minutes\t80/tcp\tweb
                """;

        String out = TabWriter.docker().format(text);

        assertThat(out).isEqualTo("""
                CONTAINER ID   IMAGE          COMMAND                  CREATED         STATUS         PORTS     NAMES
                a1b2c3d4e5f6   nginx:latest   "/docker-entrypoint.…"   2 minutes ago   Up 2 minutes   80/tcp    web
                """);
    }

    @Test
    void widthIsMaxCellPlusPaddingButAtLeastMinWidth() {
        String text = "ID\tNAMES\nabc\tweb\n0123456789ab\tdb\n";

        String out = TabWriter.docker().format(text);

        assertThat(out).isEqualTo("ID             NAMES\nabc            web\n0123456789ab   db\n");
    }

    @Test
    void columnBlocksAreRunsOfContiguousLines() {
        TabWriter writer = new TabWriter(0, 8, 1, '.', 0);

        String out = writer.format("aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n");

        assertThat(out).isEqualTo("aaaa.bbb.d\naa...b...dd\na....\naa...cccc.eee\n");
    }

    @Test
    void aLineWithoutTabsSplitsTheBlock() {
        String text = "abcdefghijkl\tb\nno tabs here\nc\td\n";

        String out = TabWriter.docker().format(text);

        assertThat(out).isEqualTo("abcdefghijkl   b\nno tabs here\nc         d\n");
    }

    @Test
    void alignRightWithDebugBars() {
        TabWriter writer = new TabWriter(0, 0, 1, '.', TabWriter.ALIGN_RIGHT | TabWriter.DEBUG);

        String out = writer.format("a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n");

        assertThat(out).isEqualTo("....a|..b|c\n...aa|.bb|cc\n..aaa|\n.aaaa|.dddd|eeee\n");
    }

    @Test
    void alignRightWithMinimalWidth() {
        TabWriter writer = new TabWriter(5, 0, 1, ' ', TabWriter.ALIGN_RIGHT);

        String out = writer.format("a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n\n");

        assertThat(out).isEqualTo("    a     b       c         d.\n  123 12345 1234567 123456789.\n\n");
    }

    @Test
    void paddingWithTabsRoundsUpToTabStops() {
        TabWriter writer = new TabWriter(0, 8, 0, '\t', 0);

        String out = writer.format("a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n");

        assertThat(out).isEqualTo("a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n");
    }

    @Test
    void emptyCellsArePadded() {
        String text = "\tb\nxyz\t\tc\n";

        String out = TabWriter.docker().format(text);

        assertThat(out).isEqualTo("          b\nxyz                 c\n");
    }

    @Test
    void discardEmptyColumns() {
        TabWriter keep = new TabWriter(0, 8, 1, '.', 0);
        TabWriter discard = new TabWriter(0, 8, 1, '.', TabWriter.DISCARD_EMPTY_COLUMNS);

        String kept = keep.format("a\t\tc\n");
        String discarded = discard.format("a\t\tc\n");

        assertThat(kept).isEqualTo("a..c\n");
        assertThat(discarded).isEqualTo("a.c\n");
    }

    @Test
    void tabIndentPadsLeadingEmptyCellsWithTabs() {
        TabWriter writer = new TabWriter(0, 8, 1, ' ', TabWriter.TAB_INDENT);

        String out = writer.format("\tx\n\tyy\n");

        assertThat(out).isEqualTo("\tx\n\tyy\n");
    }

    @Test
    void unterminatedLastLineStaysUnterminated() {
        String text = "a\tb\nlonger cell\tc";

        String out = TabWriter.docker().format(text);

        assertThat(out).isEqualTo("a             b\nlonger cell   c");
    }

    @Test
    void textWithoutTabsIsUnchanged() {
        String text = "plain\n\nlines\n";

        String out = TabWriter.docker().format(text);

        assertThat(out).isEqualTo(text);
        assertThat(TabWriter.docker().format("")).isEmpty();
    }

    @Test
    void rejectsNegativeSettings() {
        assertThatThrownBy(() -> new TabWriter(-1, 1, 3, ' ', 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TabWriter(10, 1, 3, ' ', 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
