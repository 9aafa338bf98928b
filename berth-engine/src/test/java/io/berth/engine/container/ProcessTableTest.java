package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessTableTest {
    private static final String PS_EF = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 19:50 ?        00:00:01 /sbin/init
            root       23774   23752  0 19:51 ?        00:00:00 httpd -f -p 80 -h /www
            root       23800   23774  0 19:51 ?        00:00:00 sh -c sleep 5
            """;

    @Test
    void keepsTheContainersRowsAndTheLastColumnWhole() {
        var top = ProcessTable.parse(PS_EF, Set.of(23774L, 23800L));

        assertThat(top.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(top.processes()).containsExactly(
                List.of("root", "23774", "23752", "0", "19:51", "?", "00:00:00", "httpd -f -p 80 -h /www"),
                List.of("root", "23800", "23774", "0", "19:51", "?", "00:00:00", "sh -c sleep 5"));
    }

    @Test
    void outputWithoutAPidColumnIsAnError() {
        assertThatThrownBy(() -> ProcessTable.parse("USER COMMAND\nroot sh\n", Set.of(1L)))
                .isInstanceOf(InternalException.class).hasMessage("Couldn't find PID field in ps output");
    }

    @Test
    void renamingThePidColumnIsRefused() {
        assertThatThrownBy(() -> ProcessTable.validate("-o user= -o x=PID"))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("specifying \"x=PID\" is not allowed");
        ProcessTable.validate("-o pid=PID,comm");
    }
}
