package io.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.model.Mount;
import io.berth.common.InvalidArgumentException;
import io.berth.common.fs.SlashPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's mount syntaxes and their messages (moby's linux_parser_test cases, a few of them). */
class MountSpecsTest {
    @Test
    void aHostPathIsABindAndANameIsAVolume() {
        var bind = MountSpecs.bind("/host/dir/:/data:ro,rshared").mount();
        var volume = MountSpecs.bind("cache:/var/cache").mount();
        var anonymous = MountSpecs.bind("/scratch").mount();

        assertThat(bind).isEqualTo(new ContainerMount("bind", "/data", "/host/dir", "", "", false, "ro,rshared",
                "rshared", false, true, "", false));
        assertThat(volume.type()).isEqualTo("volume");
        assertThat(volume.name()).isEqualTo("cache");
        assertThat(volume.named()).isTrue();
        assertThat(volume.copyData()).isTrue();
        assertThat(volume.rw()).isTrue();
        assertThat(anonymous.named()).isFalse();
        assertThat(MountSpecs.bind("/h:/x").mount().propagation()).isEqualTo("rprivate");
        assertThat(MountSpecs.bind("data:/x:nocopy").mount().copyData()).isFalse();
        assertThat(MountSpecs.bind("/h:/x:z").mount().mode()).isEqualTo("z");
    }

    @Test
    void badBindsAreRefusedWithDockersWords() {
        assertThatThrownBy(() -> MountSpecs.bind(":/x")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid volume specification: ':/x'");
        assertThatThrownBy(() -> MountSpecs.bind("/x:rw")).hasMessage("invalid volume specification: '/x:rw'");
        assertThatThrownBy(() -> MountSpecs.bind("a:b:c:d")).hasMessage("invalid volume specification: 'a:b:c:d'");
        assertThatThrownBy(() -> MountSpecs.bind("/h:/x:rw,ro")).hasMessage("invalid mode: rw,ro");
        assertThatThrownBy(() -> MountSpecs.bind("/h:/x:bogus")).hasMessage("invalid mode: bogus");
        assertThatThrownBy(() -> MountSpecs.bind("/h:relative"))
                .hasMessage("invalid volume specification: '/h:relative': invalid mount config for type \"bind\": "
                        + "invalid mount path: 'relative' mount path must be absolute");
        assertThatThrownBy(() -> MountSpecs.bind("/h:/"))
                .hasMessage("invalid volume specification: '/h:/': invalid mount config for type \"bind\": "
                        + "invalid specification: destination can't be '/'");
    }

    @Test
    void mountsAreCheckedAsDockerChecksThem() {
        var missing = Mount.builder().type("bind").source("/no/such/dir").target("/x").build();
        var relative = Mount.builder().type("bind").source("rel").target("/x").build();
        var roAnonymous = Mount.builder().type("volume").target("/x").readOnly(true).build();
        var tmpfsWithSource = Mount.builder().type("tmpfs").source("x").target("/x").build();
        var unknown = Mount.builder().type("floppy").target("/x").build();
        var bindWithVolumeOptions = Mount.builder().type("bind").source("/h").target("/x")
                .volumeOptions(Mount.VolumeOptions.builder().noCopy(true).build()).build();

        assertThatThrownBy(() -> MountSpecs.mount(missing, _ -> false))
                .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir");
        assertThatThrownBy(() -> MountSpecs.mount(relative, _ -> true))
                .hasMessage("invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute");
        assertThatThrownBy(() -> MountSpecs.mount(roAnonymous, _ -> true))
                .hasMessage("invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes");
        assertThatThrownBy(() -> MountSpecs.mount(tmpfsWithSource, _ -> true))
                .hasMessage("invalid mount config for type \"tmpfs\": field Source must not be specified");
        assertThatThrownBy(() -> MountSpecs.mount(unknown, _ -> true))
                .hasMessage("invalid mount config for type \"floppy\": mount type unknown");
        assertThatThrownBy(() -> MountSpecs.mount(bindWithVolumeOptions, _ -> true))
                .hasMessage("invalid mount config for type \"bind\": field VolumeOptions must not be specified");
        assertThatThrownBy(() -> MountSpecs.mount(Mount.builder().type("bind").source("/h").build(), _ -> true))
                .hasMessage("invalid mount config for type \"bind\": field Target must not be empty");
    }

    @Test
    void aMountCarriesItsOptions() {
        var tmpfs = MountSpecs.mount(Mount.builder().type("tmpfs").target("/t/").readOnly(true)
                .tmpfsOptions(Mount.TmpfsOptions.builder().sizeBytes(64L << 20).mode(01777L)
                        .options(List.of(List.of("exec"))).build()).build(), _ -> true).mount();
        var volume = MountSpecs.mount(Mount.builder().type("volume").source("v1").target("/d")
                .volumeOptions(Mount.VolumeOptions.builder().noCopy(true).build()).build(), _ -> true);
        var bind = MountSpecs.mount(Mount.builder().type("bind").source("/h//x/").target("/d")
                .bindOptions(Mount.BindOptions.builder().propagation("rslave").build()).build(), _ -> true).mount();

        assertThat(tmpfs.destination()).isEqualTo("/t");
        assertThat(tmpfs.tmpfsOptions()).isEqualTo("ro,mode=1777,size=64m,exec");
        assertThat(tmpfs.rw()).isFalse();
        assertThat(volume.mount().copyData()).isFalse();
        assertThat(bind.source()).isEqualTo("/h/x");
        assertThat(bind.propagation()).isEqualTo("rslave");
    }

    @Test
    void volumesFromTakesAMode() {
        assertThat(MountSpecs.volumesFrom("data")).isEqualTo(new MountSpecs.VolumesFrom("data", true));
        assertThat(MountSpecs.volumesFrom("data:ro")).isEqualTo(new MountSpecs.VolumesFrom("data", false));
        assertThatThrownBy(() -> MountSpecs.volumesFrom("")).hasMessage("volumes-from specification cannot be an empty string");
        assertThatThrownBy(() -> MountSpecs.volumesFrom("data:rshared")).hasMessage("invalid mode: rshared");
        assertThatThrownBy(() -> MountSpecs.volumesFrom("data:nocopy")).hasMessage("invalid mode: nocopy");
    }

    @Test
    void tmpfsDestinationsMustBeAbsoluteAndNotTheRoot() {
        assertThat(MountSpecs.tmpfsDestination("/run/")).isEqualTo("/run");
        assertThatThrownBy(() -> MountSpecs.tmpfsDestination("run"))
                .hasMessage("invalid mount path: 'run' mount path must be absolute");
        assertThatThrownBy(() -> MountSpecs.tmpfsDestination("/"))
                .hasMessage("invalid specification: destination can't be '/'");
    }

    @Test
    void cleanIsGosPathClean() {
        assertThat(SlashPaths.clean("/a/b/../c/./")).isEqualTo("/a/c");
        assertThat(SlashPaths.clean("/../x")).isEqualTo("/x");
        assertThat(SlashPaths.clean("//")).isEqualTo("/");
    }
}
