package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.BerthdExtension;
import io.berth.testing.LocalRegistry;
import io.berth.testing.Processes;
import io.berth.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.w3c.dom.Element;

/**
 * docker-py (Debian's python3-docker 5.0.3, API 1.41) drives berthd: the pytest suite in
 * {@code clients/docker-py} runs once against this class's daemon, and each of its tests becomes
 * a test here, failing with pytest's report when it failed there.
 */
@RequiresRoot
class DockerPyIT {
    /** Debian's interpreter: the first python3 on PATH may be another build that cannot see Debian's packages. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SUITE = Path.of("..", "clients", "docker-py").toAbsolutePath().normalize();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.onTempStorage();

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot();

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @TestFactory
    Stream<DynamicTest> dockerPyScenarios(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("pytest.xml");
        var run = Processes.run(List.of(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml",
                        report.toString(), SUITE.toString()),
                Map.of("DOCKER_HOST", berthd.host(), "BERTH_REGISTRY", registry.host(), "PYTHONDONTWRITEBYTECODE", "1"),
                null, Duration.ofMinutes(10));
        assertThat(report).as("pytest wrote no report:\n" + run.out() + run.err()).exists();
        var cases = parse(report);
        assertThat(cases).as("pytest ran no test:\n" + run.out()).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            if (c.failure() != null) {
                throw new AssertionFailedError("docker-py " + c.name() + ":\n" + c.failure());
            }
        }));
    }

    /** One pytest case: its name, and its failure or error report (null when it passed). */
    private record Case(String name, String failure) {}

    private static List<Case> parse(Path report) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(report));
        var nodes = doc.getElementsByTagName("testcase");
        var cases = new ArrayList<Case>();
        for (int i = 0; i < nodes.getLength(); i++) {
            var testcase = (Element) nodes.item(i);
            String failure = null;
            for (String kind : List.of("failure", "error", "skipped")) {
                var found = testcase.getElementsByTagName(kind);
                if (found.getLength() > 0) {
                    var element = (Element) found.item(0);
                    // a skipped docker-py test is a failure here: gaps are listed in docs/COMPATIBILITY.md, not skipped
                    failure = kind + ": " + element.getAttribute("message") + "\n" + element.getTextContent();
                }
            }
            cases.add(new Case(testcase.getAttribute("name"), failure));
        }
        return cases;
    }
}
