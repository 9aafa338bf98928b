package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.WaitCondition;
import io.berth.common.InvalidArgumentException;
import io.berth.testing.BerthdExtension;
import io.berth.testing.RequiresRoot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both OCI runtimes run containers; the daemon's default is selectable and explained by /info. */
@RequiresRoot
class RuntimeIT {
    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot("--default-runtime", "runc");

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    private static String run(String runtime) {
        var client = berthd.client();
        var request = Containers.request("busybox", List.of("sh", "-c", "echo from-$0"), h -> runtime == null ? h
                : h.runtime(runtime));
        String id = client.containers().create(Optional.empty(), request).id();
        client.containers().start(id);
        assertThat(client.containers().await(id, WaitCondition.NOT_RUNNING).statusCode()).isZero();
        return id;
    }

    @Test
    void theDaemonDefaultIsRuncAndCrunIsPerContainer() {
        var client = berthd.client();

        String byDefault = run(null);
        String withCrun = run("crun");

        assertThat(client.containers().inspect(byDefault).hostConfig().runtime()).isEqualTo("runc");
        assertThat(client.containers().inspect(withCrun).hostConfig().runtime()).isEqualTo("crun");
        assertThat(Containers.logs(client, byDefault).stdout()).isEqualTo("from-sh\n");
        assertThat(Containers.logs(client, withCrun).stdout()).isEqualTo("from-sh\n");
    }

    @Test
    void infoNamesTheRuntimesAndWhy() {
        var info = berthd.client().info();

        assertThat(info.defaultRuntime()).isEqualTo("runc");
        assertThat(info.runtimes()).containsKeys("crun", "runc");
        assertThat(info.runtimes().get("runc").status()).containsEntry("io.berth.default-reason",
                "chosen with --default-runtime");
        if (!info.cgroupVersion().equals("2")) {
            assertThat(info.runtimes().get("crun").status().get("io.berth.note")).contains("private mount namespace");
        }
    }

    @Test
    void anUnknownRuntimeIsRefused() {
        assertThatThrownBy(() -> berthd.client().containers().create(Optional.empty(),
                Containers.request("busybox", List.of("true"), h -> h.runtime("kata"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unknown or invalid runtime name: kata");
    }
}
