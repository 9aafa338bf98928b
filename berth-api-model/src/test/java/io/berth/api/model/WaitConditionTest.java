package io.berth.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.common.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class WaitConditionTest {
    @Test
    void absentOrEmptyMeansNotRunning() {
        assertThat(WaitCondition.parse(null)).isEqualTo(WaitCondition.NOT_RUNNING);
        assertThat(WaitCondition.parse("")).isEqualTo(WaitCondition.NOT_RUNNING);
    }

    @Test
    void parsesTheWireNames() {
        assertThat(WaitCondition.parse("not-running")).isEqualTo(WaitCondition.NOT_RUNNING);
        assertThat(WaitCondition.parse("next-exit")).isEqualTo(WaitCondition.NEXT_EXIT);
        assertThat(WaitCondition.parse("removed")).isEqualTo(WaitCondition.REMOVED);
        assertThat(WaitCondition.REMOVED.wire()).isEqualTo("removed");
    }

    @Test
    void rejectsOtherConditionsWithDockersWording() {
        assertThatThrownBy(() -> WaitCondition.parse("stopped"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid condition: \"stopped\"");
    }
}
