package io.berth.cli.command.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@code berth compose cp} tells a service's path from a local one, as docker compose does. */
class ComposeCpCommandTest {
    @Test
    void serviceColonPathNamesAService() {
        assertThat(ComposeCpCommand.split("web:/srv/site")).containsExactly("web", "/srv/site");
        assertThat(ComposeCpCommand.split("web:relative")).containsExactly("web", "relative");
    }

    @Test
    void absoluteDotRelativeColonlessAndStdinAreLocal() {
        assertThat(ComposeCpCommand.split("/tmp/a:b")).containsExactly(null, "/tmp/a:b");
        assertThat(ComposeCpCommand.split("./a:b")).containsExactly(null, "./a:b");
        assertThat(ComposeCpCommand.split("notes.txt")).containsExactly(null, "notes.txt");
        assertThat(ComposeCpCommand.split("-")).containsExactly(null, "-");
        assertThat(ComposeCpCommand.split(":x")).containsExactly(null, ":x");
    }
}
