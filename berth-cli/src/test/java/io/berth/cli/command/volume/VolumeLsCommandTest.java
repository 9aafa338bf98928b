package io.berth.cli.command.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.model.Volume;
import io.berth.cli.format.TableFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeLsCommandTest {
    @Test
    void namesSortNaturally() {
        var names = new ArrayList<>(List.of("vol10", "vol2", "abc", "vol1", "Vol3"));

        names.sort(VolumeLsCommand::naturalCompare);

        assertThat(names).containsExactly("Vol3", "abc", "vol1", "vol2", "vol10");
    }

    @Test
    void theDefaultTableIsDockers() {
        var v = Volume.builder().name("data").driver("local").scope("local").mountpoint("/x/data/_data")
                .labels(Map.of("b", "2", "a", "1")).build();

        String table = TableFormat.of("table {{.Driver}}\t{{.Name}}", VolumeLsCommand.headers())
                .render(List.of(VolumeLsCommand.row(v)));
        String labels = TableFormat.of("{{.Labels}} {{.Label \"b\"}} {{.Links}} {{.Mountpoint}}",
                VolumeLsCommand.headers()).render(List.of(VolumeLsCommand.row(v)));

        assertThat(table).isEqualTo("DRIVER    VOLUME NAME\nlocal     data\n");
        assertThat(labels).isEqualTo("a=1,b=2 2 N/A /x/data/_data\n");
    }
}
